// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("OtaFirmware.Esp32Ota")]
[assembly: AssemblyDescription("ESP-IDF OTA and partition interop for a custom nanoCLR")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]

////////////////////////////////////////////////////////////////
// Update this whenever the native method signatures change: the firmware and this assembly must agree.
[assembly: AssemblyNativeVersion("1.4.0.0")]
////////////////////////////////////////////////////////////////
