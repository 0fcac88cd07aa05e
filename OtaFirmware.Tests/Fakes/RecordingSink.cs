// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using System.Text;
using OtaFirmware.Agent;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>An <see cref="IMessageSink"/> that records "topic payload retained" for every delivered message.</summary>
    public sealed class RecordingSink : IMessageSink
    {
        private readonly ArrayList _received = new ArrayList();

        /// <summary>The recorded lines, oldest first.</summary>
        public ArrayList Received
        {
            get { return _received; }
        }

        /// <inheritdoc />
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            _received.Add(topic + " " + Encoding.UTF8.GetString(payload, 0, payload.Length) + (retained ? " retained" : string.Empty));
        }
    }
}
