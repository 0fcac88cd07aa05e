// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("OtaFirmware.Core")]
[assembly: AssemblyDescription("Portable OTA update core for nanoFramework: agent, update pipeline, resume record, cloud dialects, hashes")]
[assembly: AssemblyCompany("OtaFirmware contributors")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
