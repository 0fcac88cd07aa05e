// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NFUnitTest (Update)")]
[assembly: AssemblyDescription("OtaFirmware portable tests on nanoCLR: Update")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
