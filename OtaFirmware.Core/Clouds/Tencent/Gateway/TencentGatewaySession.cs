// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Text;

namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>
    /// The gateway's view of its sub-devices' sessions with the Tencent cloud: builds the online/offline requests for
    /// <see cref="OperationTopic"/> and applies the per-device results from <see cref="OperationResultTopic"/>. A
    /// sub-device the cloud refuses (non-zero result) is reported and skipped: it never becomes online, so no OTA
    /// topic is subscribed for it. JSON is built and parsed by hand (fixed small messages; no reflection, no
    /// IJsonCodec, so it behaves the same on the device and the host). Not thread-safe.
    /// <para>
    /// Wiring (for the lead): after the MQTT connect, subscribe <see cref="OperationResultTopic"/>, publish
    /// <see cref="BuildOnlineRequest"/> to <see cref="OperationTopic"/>, feed each message of the result topic to
    /// <see cref="ApplyResult"/>; for each accepted device subscribe <see cref="TencentGatewayTopics.OtaUpdate"/> and
    /// publish report_version (the Tencent dialect's payload) to <see cref="TencentGatewayTopics.OtaReport"/>; log and
    /// skip refused ones. After a reconnect every sub-device is offline again: call <see cref="MarkAllOffline"/> and repeat.
    /// </para>
    /// </summary>
    public sealed class TencentGatewaySession
    {
        private readonly ArrayList _online = new ArrayList();

        /// <summary>Creates a session for the gateway device <paramref name="productId"/>/<paramref name="deviceName"/>.</summary>
        public TencentGatewaySession(string productId, string deviceName)
        {
            if (productId == null)
            {
                throw new ArgumentNullException("productId");
            }

            if (deviceName == null)
            {
                throw new ArgumentNullException("deviceName");
            }

            OperationTopic = TencentGatewayTopics.Operation(productId, deviceName);
            OperationResultTopic = TencentGatewayTopics.OperationResult(productId, deviceName);
        }

        /// <summary>Where online/offline requests are published.</summary>
        public string OperationTopic { get; private set; }

        /// <summary>Where the cloud answers them (subscribe before publishing).</summary>
        public string OperationResultTopic { get; private set; }

        /// <summary>Number of sub-devices the cloud accepted online.</summary>
        public int OnlineCount
        {
            get { return _online.Count; }
        }

        /// <summary>The payload announcing <paramref name="devices"/> online:
        /// <c>{"type":"online","payload":{"devices":[{"product_id":"..","device_name":".."}]}}</c>.</summary>
        public string BuildOnlineRequest(SubDeviceId[] devices)
        {
            return BuildRequest("online", devices);
        }

        /// <summary>The payload announcing <paramref name="devices"/> offline (same shape, type "offline").</summary>
        public string BuildOfflineRequest(SubDeviceId[] devices)
        {
            return BuildRequest("offline", devices);
        }

        /// <summary>
        /// Applies a message from <see cref="OperationResultTopic"/>: accepted online devices become online, accepted
        /// offline devices offline; refused devices keep their state and are returned with their code.
        /// </summary>
        /// <param name="results">Every device in the message, accepted or refused, or null on failure.</param>
        /// <returns>Ok, Malformed, UnknownType (the message was valid but not online/offline; nothing changed) or MissingField.</returns>
        public GatewayMessageStatus ApplyResult(string json, out SubDeviceOperationResult[] results)
        {
            results = null;
            string type;
            ArrayList parsed = new ArrayList();
            GatewayMessageStatus status = Parse(json, out type, parsed);
            if (status != GatewayMessageStatus.Ok)
            {
                return status;
            }

            bool online = type == "online";
            if (!online && type != "offline")
            {
                return GatewayMessageStatus.UnknownType;
            }

            results = new SubDeviceOperationResult[parsed.Count];
            for (int i = 0; i < parsed.Count; i++)
            {
                SubDeviceOperationResult result = (SubDeviceOperationResult)parsed[i];
                results[i] = result;
                if (!result.Accepted)
                {
                    continue;
                }

                int index = IndexOf(result.Device);
                if (online && index < 0)
                {
                    _online.Add(result.Device);
                }
                else if (!online && index >= 0)
                {
                    _online.RemoveAt(index);
                }
            }

            return GatewayMessageStatus.Ok;
        }

        /// <summary>True when the cloud accepted <paramref name="device"/> online (and not offline since).</summary>
        public bool IsOnline(SubDeviceId device)
        {
            return IndexOf(device) >= 0;
        }

        /// <summary>Forgets every online sub-device (after the MQTT connection was lost).</summary>
        public void MarkAllOffline()
        {
            _online.Clear();
        }

        private int IndexOf(SubDeviceId device)
        {
            for (int i = 0; i < _online.Count; i++)
            {
                if (((SubDeviceId)_online[i]).SameAs(device))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string BuildRequest(string type, SubDeviceId[] devices)
        {
            if (devices == null)
            {
                throw new ArgumentNullException("devices");
            }

            StringBuilder json = new StringBuilder();
            json.Append("{\"type\":\"").Append(type).Append("\",\"payload\":{\"devices\":[");
            for (int i = 0; i < devices.Length; i++)
            {
                if (i > 0)
                {
                    json.Append(',');
                }

                json.Append("{\"product_id\":");
                AppendString(json, devices[i].ProductId);
                json.Append(",\"device_name\":");
                AppendString(json, devices[i].DeviceName);
                json.Append('}');
            }

            json.Append("]}}");
            return json.ToString();
        }

        private static void AppendString(StringBuilder json, string value)
        {
            const string hex = "0123456789abcdef";
            json.Append('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\')
                {
                    json.Append('\\').Append(c);
                }
                else if (c < ' ')
                {
                    json.Append("\\u00").Append(hex[c >> 4]).Append(hex[c & 0xF]);
                }
                else
                {
                    json.Append(c);
                }
            }

            json.Append('"');
        }

        private static GatewayMessageStatus Parse(string json, out string type, ArrayList results)
        {
            type = null;
            JsonScanner scanner = new JsonScanner(json);
            bool devicesSeen = false;
            if (!scanner.TryConsume('{'))
            {
                return GatewayMessageStatus.Malformed;
            }

            if (!scanner.TryConsume('}'))
            {
                do
                {
                    string key;
                    if (!scanner.ReadKey(out key))
                    {
                        return GatewayMessageStatus.Malformed;
                    }

                    if (key == "type")
                    {
                        if (!scanner.ReadString(out type))
                        {
                            return GatewayMessageStatus.Malformed;
                        }
                    }
                    else if (key == "payload")
                    {
                        GatewayMessageStatus status = ParsePayload(scanner, results, ref devicesSeen);
                        if (status != GatewayMessageStatus.Ok)
                        {
                            return status;
                        }
                    }
                    else if (!scanner.SkipValue())
                    {
                        return GatewayMessageStatus.Malformed;
                    }
                }
                while (scanner.TryConsume(','));

                if (!scanner.TryConsume('}'))
                {
                    return GatewayMessageStatus.Malformed;
                }
            }

            if (!scanner.AtEnd() || type == null || !devicesSeen)
            {
                return GatewayMessageStatus.Malformed;
            }

            return GatewayMessageStatus.Ok;
        }

        private static GatewayMessageStatus ParsePayload(JsonScanner scanner, ArrayList results, ref bool devicesSeen)
        {
            if (!scanner.TryConsume('{'))
            {
                return GatewayMessageStatus.Malformed;
            }

            if (scanner.TryConsume('}'))
            {
                return GatewayMessageStatus.Ok;
            }

            do
            {
                string key;
                if (!scanner.ReadKey(out key))
                {
                    return GatewayMessageStatus.Malformed;
                }

                if (key != "devices")
                {
                    if (!scanner.SkipValue())
                    {
                        return GatewayMessageStatus.Malformed;
                    }

                    continue;
                }

                devicesSeen = true;
                if (!scanner.TryConsume('['))
                {
                    return GatewayMessageStatus.Malformed;
                }

                if (scanner.TryConsume(']'))
                {
                    continue;
                }

                do
                {
                    GatewayMessageStatus status = ParseDevice(scanner, results);
                    if (status != GatewayMessageStatus.Ok)
                    {
                        return status;
                    }
                }
                while (scanner.TryConsume(','));

                if (!scanner.TryConsume(']'))
                {
                    return GatewayMessageStatus.Malformed;
                }
            }
            while (scanner.TryConsume(','));

            return scanner.TryConsume('}') ? GatewayMessageStatus.Ok : GatewayMessageStatus.Malformed;
        }

        private static GatewayMessageStatus ParseDevice(JsonScanner scanner, ArrayList results)
        {
            string productId = null;
            string deviceName = null;
            long result = 0;
            bool resultSeen = false;
            if (!scanner.TryConsume('{'))
            {
                return GatewayMessageStatus.Malformed;
            }

            if (!scanner.TryConsume('}'))
            {
                do
                {
                    string key;
                    if (!scanner.ReadKey(out key))
                    {
                        return GatewayMessageStatus.Malformed;
                    }

                    bool ok;
                    if (key == "product_id")
                    {
                        ok = scanner.ReadString(out productId);
                    }
                    else if (key == "device_name")
                    {
                        ok = scanner.ReadString(out deviceName);
                    }
                    else if (key == "result")
                    {
                        ok = scanner.ReadInteger(out result);
                        resultSeen = true;
                    }
                    else
                    {
                        ok = scanner.SkipValue();
                    }

                    if (!ok)
                    {
                        return GatewayMessageStatus.Malformed;
                    }
                }
                while (scanner.TryConsume(','));

                if (!scanner.TryConsume('}'))
                {
                    return GatewayMessageStatus.Malformed;
                }
            }

            if (productId == null || deviceName == null || productId.Length == 0 || deviceName.Length == 0 || !resultSeen)
            {
                return GatewayMessageStatus.MissingField;
            }

            results.Add(new SubDeviceOperationResult(new SubDeviceId(productId, deviceName), (int)result));
            return GatewayMessageStatus.Ok;
        }
    }
}
