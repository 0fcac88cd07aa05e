// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>Outcome of one CBOR read or write. Values are pinned: they appear in logs.</summary>
    public enum CborStatus
    {
        /// <summary>The item was read or written.</summary>
        Ok = 0,

        /// <summary>The input ended inside an item (truncated data).</summary>
        EndOfData = 1,

        /// <summary>The next item is of another type than the one asked for.</summary>
        TypeMismatch = 2,

        /// <summary>Valid CBOR outside the supported subset (indefinite-length strings, integers beyond 64 bits).</summary>
        Unsupported = 3,

        /// <summary>Nesting deeper than the reader's bound.</summary>
        TooDeep = 4,

        /// <summary>The writer's buffer is full.</summary>
        BufferFull = 5,

        /// <summary>Bytes that are not CBOR (reserved additional information, a misplaced break).</summary>
        Malformed = 6,

        /// <summary>An integer does not fit the requested .NET type.</summary>
        Overflow = 7,
    }
}
