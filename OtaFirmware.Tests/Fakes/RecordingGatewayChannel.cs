// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using System.Text;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>A gateway channel that records publications and subscriptions.</summary>
    public sealed class RecordingGatewayChannel : IGatewayChannel
    {
        private readonly ArrayList _published = new ArrayList();
        private readonly ArrayList _subscribed = new ArrayList();

        /// <summary>Creates a connected channel.</summary>
        public RecordingGatewayChannel()
        {
            IsConnected = true;
        }

        /// <inheritdoc />
        public bool IsConnected { get; set; }

        /// <inheritdoc />
        public int UnacknowledgedCount
        {
            get { return 0; }
        }

        /// <summary>"topic qos payload" of every publication, in order.</summary>
        public ArrayList Published
        {
            get { return _published; }
        }

        /// <summary>Every subscribed topic, in order.</summary>
        public ArrayList Subscribed
        {
            get { return _subscribed; }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int qos)
        {
            if (!IsConnected)
            {
                return false;
            }

            _published.Add(topic + " " + qos.ToString() + " " + Encoding.UTF8.GetString(payload, 0, payload.Length));
            return true;
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            _subscribed.Add(topic);
            return IsConnected;
        }

        /// <summary>How many publications contain every one of <paramref name="texts"/>.</summary>
        public int Count(params string[] texts)
        {
            int n = 0;
            for (int i = 0; i < _published.Count; i++)
            {
                string line = (string)_published[i];
                bool all = true;
                for (int t = 0; t < texts.Length; t++)
                {
                    if (line.IndexOf(texts[t]) < 0)
                    {
                        all = false;
                    }
                }

                if (all)
                {
                    n++;
                }
            }

            return n;
        }
    }
}
