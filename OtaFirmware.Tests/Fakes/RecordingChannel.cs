// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using System.Text;
using OtaFirmware.Agent;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>A control channel that records what was published, and can be "disconnected".</summary>
    public sealed class RecordingChannel : IControlChannel
    {
        private readonly ArrayList _published = new ArrayList();

        /// <summary>Creates a connected channel.</summary>
        public RecordingChannel()
        {
            IsConnected = true;
        }

        /// <inheritdoc />
        public bool IsConnected { get; set; }

        /// <inheritdoc />
        public int UnacknowledgedCount { get; set; }

        /// <summary>Every published payload as text, in order.</summary>
        public ArrayList Published
        {
            get { return _published; }
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

        /// <summary>How many published messages contain <paramref name="text"/>.</summary>
        public int Count(string text)
        {
            int n = 0;
            for (int i = 0; i < _published.Count; i++)
            {
                if (((string)_published[i]).IndexOf(text) >= 0)
                {
                    n++;
                }
            }

            return n;
        }
    }
}
