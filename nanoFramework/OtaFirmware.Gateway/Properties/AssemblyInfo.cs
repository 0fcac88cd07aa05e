// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("OtaFirmware.Gateway")]
[assembly: AssemblyDescription("Portable gateway for nanoFramework: gateway agent, staging, sub-device link protocols (SMP, CBOR)")]
[assembly: AssemblyCompany("OtaFirmware contributors")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
