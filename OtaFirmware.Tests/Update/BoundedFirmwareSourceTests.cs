// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Threading;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Update
{
    /// <summary>
    /// The wrapper that keeps Open and Read within a short bound over a source that blocks. The inner source blocks on
    /// an event the test releases; nothing here asserts a duration: a call that waited for the hanging inner call would
    /// never return (the fake's hang guard turns that into a failure).
    /// </summary>
    [TestClass]
    public class BoundedFirmwareSourceTests
    {
        private const int ImageSize = 16 * 1024;
        private const int Chunk = 1024;
        private const int Bound = 20;
        private const int Guard = 20000;
        private const string Url = "https://cloud.local/fw.bin";

        [TestMethod]
        public void Open_InnerBlocked_AnswersNotYetThenDeliversTheResponse()
        {
            byte[] image = Image();
            BlockingFirmwareSource inner = new BlockingFirmwareSource(image);
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            HttpFacts facts = new HttpFacts();

            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Open(Url, 4096, 0, ref facts));
            Assert.IsTrue(inner.WaitEntered(Guard));
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Open(Url, 4096, 0, ref facts), "still connecting");
            Assert.AreEqual(0, inner.CallsReturned, "the inner Open is still blocked");
            Assert.AreEqual(0, facts.StatusCode, "no facts before the response");

            inner.Release();
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectOpen(source, 4096, ref facts));
            Assert.AreEqual(206, facts.StatusCode);
            Assert.AreEqual(4096, facts.RangeFirst);
            Assert.AreEqual(1, inner.Opens, "one request, collected by a later Open with the same arguments");
            Finish(source, inner);
        }

        [TestMethod]
        public void Read_InnerBlocked_AnswersNotYetThenDeliversTheBytes()
        {
            byte[] image = Image();
            BlockingFirmwareSource inner = new BlockingFirmwareSource(image);
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            OpenReleased(source, inner, 0);
            inner.Block();
            byte[] buffer = new byte[Chunk];
            int read;

            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Read(buffer, 0, Chunk, out read));
            Assert.AreEqual(0, read);
            Assert.IsTrue(inner.WaitEntered(Guard));
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Read(buffer, 0, Chunk, out read), "no byte yet");

            inner.Release();
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectRead(source, buffer, 0, Chunk, out read));
            Assert.AreEqual(Chunk, read);
            AssertSame(image, 0, buffer, 0, read);
            Finish(source, inner);
        }

        [TestMethod]
        public void Close_DuringABlockedRead_LateBytesNeverReachTheCallersBuffer()
        {
            byte[] image = Image();
            BlockingFirmwareSource inner = new BlockingFirmwareSource(image);
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            OpenReleased(source, inner, 0);
            inner.Block();
            byte[] buffer = Filled(Chunk, 0x11);
            int read;
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Read(buffer, 0, Chunk, out read));
            Assert.IsTrue(inner.WaitEntered(Guard));

            source.Close();
            int closes = inner.Closes;
            Assert.IsTrue(closes >= 1, "the inner Close runs at once, to end the blocked read");
            inner.Release(); // the abandoned read returns now, with bytes
            Assert.IsTrue(inner.WaitReturned(Guard));
            WaitUntilIdle(source);

            for (int i = 0; i < buffer.Length; i++)
            {
                Assert.AreEqual((byte)0x11, buffer[i], "the caller's buffer was written after the read was abandoned, at " + i.ToString());
            }

            Assert.IsTrue(inner.Closes > closes, "the worker closed the inner source again after the abandoned call");
            Assert.AreEqual((int)SourceStatus.ConnectionDropped, (int)source.Read(buffer, 0, Chunk, out read), "the late result is never handed out");
            Assert.AreEqual(0, read);

            HttpFacts facts = new HttpFacts();
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectOpen(source, 2048, ref facts));
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectRead(source, buffer, 0, Chunk, out read));
            AssertSame(image, 2048, buffer, 0, read);
            Finish(source, inner);
        }

        [TestMethod]
        public void Open_WhileAnAbandonedCallStillBlocks_NotYetUntilTheWorkerIsFree()
        {
            byte[] image = Image();
            BlockingFirmwareSource inner = new BlockingFirmwareSource(image);
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            OpenReleased(source, inner, 0);
            inner.Block();
            byte[] buffer = new byte[Chunk];
            int read;
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Read(buffer, 0, Chunk, out read));
            Assert.IsTrue(inner.WaitEntered(Guard));
            source.Close(); // this inner source's Close cannot reach the blocked read

            HttpFacts facts = new HttpFacts();
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Open(Url, 1024, 0, ref facts));
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Open(Url, 1024, 0, ref facts));
            Assert.AreEqual(1, inner.Opens, "the new request waits for the worker");
            Assert.IsTrue(source.IsWorkerBusy);

            inner.Release();
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectOpen(source, 1024, ref facts));
            Assert.AreEqual(2, inner.Opens);
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectRead(source, buffer, 0, Chunk, out read));
            AssertSame(image, 1024, buffer, 0, read);
            Finish(source, inner);
        }

        [TestMethod]
        public void Close_DuringABlockedOpen_ResponseClosedAndNeverHandedOut()
        {
            byte[] image = Image();
            BlockingFirmwareSource inner = new BlockingFirmwareSource(image);
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            HttpFacts facts = new HttpFacts();
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Open(Url, 0, 0, ref facts));
            Assert.IsTrue(inner.WaitEntered(Guard));
            source.Close();
            inner.Release(); // the abandoned Open succeeds after the Close
            Assert.IsTrue(inner.WaitReturned(Guard));
            WaitUntilIdle(source);

            byte[] buffer = new byte[Chunk];
            int read;
            Assert.AreEqual((int)SourceStatus.ConnectionDropped, (int)source.Read(buffer, 0, Chunk, out read), "no response is open from the caller's view");
            Assert.AreEqual((int)SourceStatus.ConnectionDropped, (int)inner.Read(buffer, 0, Chunk, out read), "the response the abandoned Open opened was closed");
            Finish(source, inner);
        }

        [TestMethod]
        public void Read_ManyChunksOfChangingSizes_BytesInTheInnersOrder()
        {
            byte[] image = Image();
            BlockingFirmwareSource inner = new BlockingFirmwareSource(image);
            inner.Served.MaxBytesPerRead = 700; // the server's reads do not line up with the caller's
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            OpenReleased(source, inner, 0);
            byte[] received = new byte[image.Length];
            int[] counts = new int[] { Chunk, 300, 17, 2000, 1 };
            int at = 0;
            for (int i = 0; at < image.Length; i++)
            {
                int count = counts[i % counts.Length];
                if (count > image.Length - at)
                {
                    count = image.Length - at;
                }

                if (i % 7 == 3)
                {
                    // sometimes the server hangs mid-stream and the caller asks for less when it collects
                    inner.Block();
                    int none;
                    Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Read(received, at, count, out none));
                    Assert.IsTrue(inner.WaitEntered(Guard));
                    inner.Release();
                    count = count > 3 ? count / 3 : count;
                }

                int read;
                Assert.AreEqual((int)SourceStatus.Ok, (int)CollectRead(source, received, at, count, out read));
                Assert.IsTrue(read > 0 && read <= count, "read " + read.ToString() + " of " + count.ToString());
                at += read;
            }

            AssertSame(image, 0, received, 0, image.Length);
            int end;
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectRead(source, received, 0, Chunk, out end));
            Assert.AreEqual(0, end, "the body ended");
            Finish(source, inner);
        }

        [TestMethod]
        public void Dispose_WhileBlocked_ClosesTheInnerAndEndsTheWorkerWhenTheCallReturns()
        {
            BlockingFirmwareSource inner = new BlockingFirmwareSource(Image());
            inner.CloseEndsBlockedCall = true; // as on the device: closing the socket ends the blocked call
            BoundedFirmwareSource source = new BoundedFirmwareSource(inner, Chunk, Bound);
            HttpFacts facts = new HttpFacts();
            Assert.AreEqual((int)SourceStatus.NoDataYet, (int)source.Open(Url, 0, 0, ref facts));
            Assert.IsTrue(inner.WaitEntered(Guard));

            source.Dispose();
            Assert.IsTrue(inner.WaitReturned(Guard), "the inner Close ended the blocked Open");
            WaitUntilIdle(source);
            Assert.IsFalse(inner.GuardExpired);
            TestAssert.Throws(typeof(InvalidOperationException), () => source.Open(Url, 0, 0, ref facts));
            source.Close(); // stays safe
        }

        [TestMethod]
        public void Constructor_BadArguments_Throw()
        {
            TestAssert.Throws(typeof(ArgumentNullException), () => new BoundedFirmwareSource(null, Chunk));
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), () => new BoundedFirmwareSource(new FakeFirmwareSource(new byte[1]), 0));
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), () => new BoundedFirmwareSource(new FakeFirmwareSource(new byte[1]), Chunk, -1));
            Assert.AreEqual(BoundedFirmwareSource.DefaultBoundMilliseconds, new BoundedFirmwareSource(new FakeFirmwareSource(new byte[1]), Chunk).BoundMilliseconds);
        }

        private static byte[] Image()
        {
            byte[] image = new byte[ImageSize];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = (byte)((i * 31) + (i >> 8));
            }

            return image;
        }

        private static byte[] Filled(int length, byte value)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = value;
            }

            return bytes;
        }

        private static void OpenReleased(BoundedFirmwareSource source, BlockingFirmwareSource inner, int offset)
        {
            inner.Release();
            HttpFacts facts = new HttpFacts();
            Assert.AreEqual((int)SourceStatus.Ok, (int)CollectOpen(source, offset, ref facts));
            inner.WaitEntered(0); // consume the open's signals: the next waits are about the next call
            inner.WaitReturned(0);
        }

        /// <summary>Asks again while the worker has not finished (each call waits at most the bound).</summary>
        private static SourceStatus CollectOpen(BoundedFirmwareSource source, int offset, ref HttpFacts facts)
        {
            SourceStatus status = SourceStatus.NoDataYet;
            for (int i = 0; i < Guard / Bound && status == SourceStatus.NoDataYet; i++)
            {
                status = source.Open(Url, offset, 0, ref facts);
            }

            return status;
        }

        private static SourceStatus CollectRead(BoundedFirmwareSource source, byte[] buffer, int offset, int count, out int read)
        {
            read = 0;
            SourceStatus status = SourceStatus.NoDataYet;
            for (int i = 0; i < Guard / Bound && status == SourceStatus.NoDataYet; i++)
            {
                status = source.Read(buffer, offset, count, out read);
            }

            return status;
        }

        private static void WaitUntilIdle(BoundedFirmwareSource source)
        {
            for (int i = 0; i < Guard / 10 && source.IsWorkerBusy; i++)
            {
                Thread.Sleep(10);
            }

            Assert.IsFalse(source.IsWorkerBusy, "the worker never came back");
        }

        private static void Finish(BoundedFirmwareSource source, BlockingFirmwareSource inner)
        {
            inner.Release();
            source.Dispose();
            Assert.IsFalse(inner.GuardExpired, "a call waited for the hanging server");
        }

        private static void AssertSame(byte[] expected, int expectedOffset, byte[] actual, int actualOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (expected[expectedOffset + i] != actual[actualOffset + i])
                {
                    Assert.AreEqual(expected[expectedOffset + i], actual[actualOffset + i], "byte " + i.ToString());
                }
            }
        }
    }
}
