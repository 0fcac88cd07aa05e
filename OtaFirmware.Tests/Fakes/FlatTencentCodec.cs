// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>Reads the flat string/number members of a Tencent OTA message (enough for update_firmware in tests).</summary>
    public sealed class FlatTencentCodec : IJsonCodec
    {
        /// <inheritdoc />
        public bool TryDeserialize(string json, Type type, out object value, out string error)
        {
            value = null;
            error = null;
            if (type != typeof(TencentOtaMessage) || json == null || json.IndexOf("{") != 0)
            {
                error = "not a flat object";
                return false;
            }

            TencentOtaMessage message = new TencentOtaMessage();
            message.type = Member(json, "type");
            message.version = Member(json, "version");
            message.url = Member(json, "url");
            message.md5sum = Member(json, "md5sum");
            message.file_size = Member(json, "file_size");
            message.result_code = Member(json, "result_code");
            value = message;
            return true;
        }

        /// <inheritdoc />
        public string Serialize(object value)
        {
            return "{}";
        }

        private static string Member(string json, string name)
        {
            string key = "\"" + name + "\":";
            int at = json.IndexOf(key);
            if (at < 0)
            {
                return null;
            }

            int start = at + key.Length;
            if (json[start] == '"')
            {
                int end = json.IndexOf("\"", start + 1);
                return json.Substring(start + 1, end - start - 1);
            }

            int stop = start;
            while (stop < json.Length && json[stop] != ',' && json[stop] != '}')
            {
                stop++;
            }

            return json.Substring(start, stop - start);
        }
    }
}
