// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway.Links.Smp
{
    [TestClass]
    public class SmpSerialFramerTests
    {
        // Computed independently with python3 (binascii.crc_hqx, base64.b64encode, 93 raw bytes per frame).
        private const string EchoFrame = "ABMCAAAJAABCAKFhZGVoZWxsb8EJ";
        private static readonly string[] LongPacketFrames = new string[]
        {
            "AMoAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla",
            "W1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoOEhYaHiImKi4yNjo+QkZKTlJWWl5iZmpucnZ6foKGio6SlpqeoqaqrrK2ur7CxsrO0tba3",
            "uLm6u7y9vr/AwcLDxMXGxxWh",
        };

        [TestMethod]
        public void Encode_EchoPacket_SingleFrameAsPython()
        {
            byte[] packet = HexText.ToBytes("0200000900004200a161646568656c6c6f");
            byte[] output = new byte[SmpSerialFramer.EncodedLength(packet.Length)];
            int length = SmpSerialFramer.Encode(packet, 0, packet.Length, output, 0);
            Assert.AreEqual(output.Length, length);
            Assert.AreEqual(Frame(true, EchoFrame), HexText.From(output, 0, length));
        }

        [TestMethod]
        public void Encode_200BytePacket_ThreeFramesAsPythonEachAtMost127()
        {
            byte[] packet = new byte[200];
            for (int i = 0; i < packet.Length; i++)
            {
                packet[i] = (byte)i;
            }

            byte[] output = new byte[SmpSerialFramer.EncodedLength(packet.Length)];
            int length = SmpSerialFramer.Encode(packet, 0, packet.Length, output, 0);
            string expected = Frame(true, LongPacketFrames[0]) + Frame(false, LongPacketFrames[1]) + Frame(false, LongPacketFrames[2]);
            Assert.AreEqual(expected, HexText.From(output, 0, length));
            Assert.AreEqual(SmpSerialFramer.MaxFrameLength, 2 + LongPacketFrames[0].Length + 1);
        }

        [TestMethod]
        public void Decode_EncodedPacketsOfManySizes_SamePacketBack()
        {
            SmpSerialDecoder decoder = new SmpSerialDecoder(1024);
            for (int size = 8; size <= 1024; size += 37)
            {
                byte[] packet = new byte[size];
                for (int i = 0; i < size; i++)
                {
                    packet[i] = (byte)(i * 7 + size);
                }

                byte[] output = new byte[SmpSerialFramer.EncodedLength(size)];
                int length = SmpSerialFramer.Encode(packet, 0, size, output, 0);
                int ready = 0;
                for (int i = 0; i < length; i++)
                {
                    SmpFrameEvent frameEvent = decoder.Push(output[i]);
                    Assert.IsTrue(frameEvent == SmpFrameEvent.None || frameEvent == SmpFrameEvent.PacketReady);
                    if (frameEvent == SmpFrameEvent.PacketReady)
                    {
                        ready++;
                        Assert.AreEqual(length - 1, i);
                    }
                }

                Assert.AreEqual(1, ready);
                Assert.AreEqual(size, decoder.PacketLength);
                Assert.AreEqual(HexText.From(packet, 0, size), HexText.From(decoder.Packet, 0, size));
            }
        }

        [TestMethod]
        public void Decode_ConsoleNoiseAroundPacket_NoiseSkipped()
        {
            SmpSerialDecoder decoder = new SmpSerialDecoder(64);
            Assert.AreEqual(SmpFrameEvent.None, PushText(decoder, "[00:00:01.000] <inf> app: booting\r\n"));
            Assert.AreEqual(SmpFrameEvent.PacketReady, PushBytes(decoder, HexText.ToBytes(Frame(true, EchoFrame))));
            Assert.AreEqual(17, decoder.PacketLength);
        }

        [TestMethod]
        public void Decode_CorruptedFrames_DroppedWithReasonThenRecovers()
        {
            SmpSerialDecoder decoder = new SmpSerialDecoder(64);
            string wrongChar = "ABMCAAAJAABCAKFhZGVoZWxsb8EK";
            Assert.AreEqual(SmpFrameEvent.DroppedBadCrc, PushBytes(decoder, HexText.ToBytes(Frame(true, wrongChar))));
            string notBase64 = "ABMCAAAJAABCAK*hZGVoZWxsb8EJ";
            Assert.AreEqual(SmpFrameEvent.DroppedBadBase64, PushBytes(decoder, HexText.ToBytes(Frame(true, notBase64))));
            Assert.AreEqual(SmpFrameEvent.DroppedOrphanContinuation, PushBytes(decoder, HexText.ToBytes(Frame(false, EchoFrame))));
            Assert.AreEqual(SmpFrameEvent.PacketReady, PushBytes(decoder, HexText.ToBytes(Frame(true, EchoFrame))));
        }

        [TestMethod]
        public void Decode_OverlongLineAndOversizePacket_DroppedTooLong()
        {
            SmpSerialDecoder small = new SmpSerialDecoder(16);
            byte[] packet = new byte[17];
            byte[] output = new byte[SmpSerialFramer.EncodedLength(packet.Length)];
            int length = SmpSerialFramer.Encode(packet, 0, packet.Length, output, 0);
            SmpFrameEvent last = SmpFrameEvent.None;
            for (int i = 0; i < length; i++)
            {
                last = small.Push(output[i]);
            }

            Assert.AreEqual(SmpFrameEvent.DroppedTooLong, last);

            string longBody = "AAAA";
            while (longBody.Length < 128)
            {
                longBody += "AAAA";
            }

            Assert.AreEqual(SmpFrameEvent.DroppedTooLong, PushBytes(small, HexText.ToBytes(Frame(true, longBody))));
        }

        [TestMethod]
        public void Decode_NewStartDuringPacket_RestartsCleanly()
        {
            SmpSerialDecoder decoder = new SmpSerialDecoder(256);
            Assert.AreEqual(SmpFrameEvent.None, PushBytes(decoder, HexText.ToBytes(Frame(true, LongPacketFrames[0]))));
            Assert.AreEqual(SmpFrameEvent.PacketReady, PushBytes(decoder, HexText.ToBytes(Frame(true, EchoFrame))));
        }

        private static string Frame(bool first, string base64)
        {
            string hex = first ? "0609" : "0414";
            for (int i = 0; i < base64.Length; i++)
            {
                hex += HexText.From(new byte[] { (byte)base64[i] }, 0, 1);
            }

            return hex + "0a";
        }

        private static SmpFrameEvent PushText(SmpSerialDecoder decoder, string text)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
            return PushBytes(decoder, bytes);
        }

        private static SmpFrameEvent PushBytes(SmpSerialDecoder decoder, byte[] bytes)
        {
            SmpFrameEvent last = SmpFrameEvent.None;
            for (int i = 0; i < bytes.Length; i++)
            {
                SmpFrameEvent frameEvent = decoder.Push(bytes[i]);
                if (frameEvent != SmpFrameEvent.None)
                {
                    last = frameEvent;
                }
            }

            return last;
        }
    }
}
