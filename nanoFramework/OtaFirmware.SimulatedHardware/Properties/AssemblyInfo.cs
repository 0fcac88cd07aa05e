// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("OtaFirmware.SimulatedHardware")]
[assembly: AssemblyDescription("Simulated ESP32 and sub-devices for tests and the simulator (never deployed to a device)")]
[assembly: AssemblyCompany("OtaFirmware contributors")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
