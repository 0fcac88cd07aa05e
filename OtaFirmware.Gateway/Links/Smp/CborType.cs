// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>Kind of the next CBOR item, as <see cref="CborReader.PeekType"/> reports it. Values are pinned.</summary>
    public enum CborType
    {
        /// <summary>Major type 0: an unsigned integer.</summary>
        UnsignedInteger = 0,

        /// <summary>Major type 1: a negative integer.</summary>
        NegativeInteger = 1,

        /// <summary>Major type 2: a byte string.</summary>
        ByteString = 2,

        /// <summary>Major type 3: a UTF-8 text string.</summary>
        TextString = 3,

        /// <summary>Major type 4: an array.</summary>
        Array = 4,

        /// <summary>Major type 5: a map.</summary>
        Map = 5,

        /// <summary>Major type 6: a tag (skipped by <see cref="CborReader.Skip"/>).</summary>
        Tag = 6,

        /// <summary>Simple value false or true.</summary>
        Boolean = 7,

        /// <summary>Simple value null or undefined.</summary>
        Null = 8,

        /// <summary>A half, single or double float (skipped, never decoded).</summary>
        Float = 9,

        /// <summary>The break that ends an indefinite-length array or map.</summary>
        Break = 10,

        /// <summary>Any other simple value.</summary>
        Simple = 11,
    }
}
