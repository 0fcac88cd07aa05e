// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("OtaFirmware")]
[assembly: AssemblyDescription("OTA update agent for ESP32 on .NET nanoFramework")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
