// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;

namespace OtaFirmware.Tests.Clouds
{
    /// <summary>
    /// A codec that parses nothing: portable tests of the dialects' outgoing messages need a codec to construct a
    /// dialect but no JSON parser (the parsing tests run on the host with System.Text.Json).
    /// </summary>
    public sealed class RefusingJsonCodec : IJsonCodec
    {
        /// <summary>Always fails with "no parser in portable tests".</summary>
        public bool TryDeserialize(string json, Type type, out object value, out string error)
        {
            value = null;
            error = "no parser in portable tests";
            return false;
        }

        /// <summary>Not used.</summary>
        public string Serialize(object value)
        {
            throw new NotSupportedException();
        }
    }
}
