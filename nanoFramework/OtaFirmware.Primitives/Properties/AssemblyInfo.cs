// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("OtaFirmware.Primitives")]
[assembly: AssemblyDescription("Streaming hashes, CRC-32 and the text toolkit (JSON reader and writer, hex, UTF-8, base64) under the OtaFirmware core")]
[assembly: AssemblyCompany("OtaFirmware contributors")]
[assembly: AssemblyProduct("OtaFirmware")]
[assembly: AssemblyCopyright("Copyright (c) OtaFirmware contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
