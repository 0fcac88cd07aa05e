// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using nanoFramework.Json;

namespace OtaFirmware.Device
{
    /// <summary>JSON through nanoFramework.Json: deserializes into public properties or fields, serializes public properties.</summary>
    public sealed class NanoJsonCodec : IJsonCodec
    {
        /// <summary>Parses <paramref name="json"/> into a new <paramref name="type"/>. Never throws.</summary>
        /// <returns>True when an object was produced.</returns>
        public bool TryDeserialize(string json, Type type, out object value, out string error)
        {
            value = null;
            error = null;
            if (json == null || type == null)
            {
                error = "no input";
                return false;
            }

            try
            {
                value = JsonConvert.DeserializeObject(json, type);
            }
            catch (Exception ex)
            {
                // DeserializationException, InvalidCastException, out of memory on a huge payload, ...
                error = ex.GetType().Name + ": " + ex.Message;
                value = null;
                return false;
            }

            if (value == null)
            {
                error = "empty document";
                return false;
            }

            return true;
        }

        /// <summary>Serializes the public properties of <paramref name="value"/>.</summary>
        public string Serialize(object value)
        {
            return JsonConvert.SerializeObject(value);
        }
    }
}
