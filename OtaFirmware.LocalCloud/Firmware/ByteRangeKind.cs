// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>What a Range header asks of a resource of a known length (RFC 9110 §14.2, bytes unit only).</summary>
public enum ByteRangeKind
{
    /// <summary>No Range header, another unit, bad syntax or several ranges: serve the whole resource with 200.</summary>
    Whole = 0,

    /// <summary>One satisfiable range: 206 with Content-Range.</summary>
    Partial = 1,

    /// <summary>One syntactically valid range that lies beyond the end: 416 with <c>Content-Range: bytes */length</c>.</summary>
    Unsatisfiable = 2,
}
