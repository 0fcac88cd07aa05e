// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Gateway;
using OtaFirmware.Update;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway.Staging
{
    [TestClass]
    public class StagedImageStoreTests
    {
        private const int Block = 4096;

        private static UpdateJob Job(string version, int size, byte seed, string url)
        {
            byte[] md5 = new byte[16];
            md5[0] = seed;
            return new UpdateJob(version, size, md5, null, url, null);
        }

        [TestMethod]
        public void Reserve_SameImageForThreeSubDevices_OneSharedImageAndRecord()
        {
            NorFlash region = new NorFlash(new MemoryFlashMedium(16 * Block), Block, 1);
            StagedImageStore store = new StagedImageStore(region, 4);
            StagedImage a;
            StagedImage b;
            StagedImage c;
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/light1", Job("2.0", 10000, 1, "https://x/1?sig=a"), out a));
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/light2", Job("2.0", 10000, 1, "https://x/1?sig=b"), out b));
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/light3", Job("2.0", 10000, 1, "https://y/other"), out c));
            Assert.IsTrue(object.ReferenceEquals(a, b) && object.ReferenceEquals(b, c));
            Assert.AreEqual(3, a.HolderCount);
            Assert.AreEqual(1, store.ImageCount);
            Assert.AreEqual(3 * Block, a.Capacity);
            Assert.AreEqual(13 * Block, store.FreeBytes);

            a.Commit(0);
            Assert.AreEqual(StagingStatus.Ok, a.Write(0, new byte[Block], 0, Block));
            a.Commit(Block);
            Assert.AreEqual(Block, c.CommittedLength);
            Assert.AreEqual(Block, b.CommittedLength);
        }

        [TestMethod]
        public void Reserve_DifferentDigestOrVersion_SeparateNonOverlappingExtents()
        {
            StagedImageStore store = new StagedImageStore(new NorFlash(new MemoryFlashMedium(16 * Block), Block, 1), 4);
            StagedImage a;
            StagedImage b;
            StagedImage c;
            store.Reserve("P/a", Job("2.0", 5000, 1, "u"), out a);
            store.Reserve("P/b", Job("2.0", 5000, 2, "u"), out b);
            store.Reserve("P/c", Job("2.1", 5000, 1, "u"), out c);
            Assert.AreEqual(3, store.ImageCount);
            Assert.AreEqual(0, a.Address);
            Assert.AreEqual(2 * Block, b.Address);
            Assert.AreEqual(4 * Block, c.Address);
        }

        [TestMethod]
        public void Release_LastHolderOnly_FreesImageAndSpaceIsReused()
        {
            StagedImageStore store = new StagedImageStore(new NorFlash(new MemoryFlashMedium(4 * Block), Block, 1), 4);
            StagedImage shared;
            store.Reserve("P/a", Job("2.0", 3 * Block, 1, "u"), out shared);
            store.Reserve("P/b", Job("2.0", 3 * Block, 1, "u"), out shared);
            StagedImage other;
            Assert.AreEqual(StagingStatus.NoSpace, store.Reserve("Q/c", Job("9.0", 2 * Block, 5, "u"), out other));
            Assert.IsNull(other);

            Assert.IsFalse(store.Release("P/a"));
            Assert.IsTrue(shared.IsLive);
            Assert.AreEqual(StagingStatus.NoSpace, store.Reserve("Q/c", Job("9.0", 2 * Block, 5, "u"), out other));

            Assert.IsTrue(store.Release("P/b"));
            Assert.IsFalse(shared.IsLive);
            Assert.AreEqual(0, store.ImageCount);
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("Q/c", Job("9.0", 2 * Block, 5, "u"), out other));
            Assert.AreEqual(0, other.Address);
            Assert.IsFalse(store.Release("nobody"));
        }

        [TestMethod]
        public void Reserve_ImageLargerThanRegion_TooSmallBeforeAnyFlashAccess()
        {
            NorFlash region = new NorFlash(new MemoryFlashMedium(4 * Block), Block, 1);
            StagedImageStore store = new StagedImageStore(region, 4);
            StagedImage staged;
            Assert.AreEqual(StagingStatus.TooSmall, store.Reserve("P/a", Job("2.0", 4 * Block + 1, 1, "u"), out staged));
            Assert.IsNull(staged);
            Assert.AreEqual(0, region.ErasedBlocks);
            Assert.AreEqual(0, store.ImageCount);
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/a", Job("2.0", 4 * Block, 1, "u"), out staged));
        }

        [TestMethod]
        public void Reserve_SupersedingJob_ReleasesOldImage()
        {
            StagedImageStore store = new StagedImageStore(new NorFlash(new MemoryFlashMedium(8 * Block), Block, 1), 4);
            StagedImage old;
            StagedImage again;
            StagedImage next;
            store.Reserve("P/a", Job("2.0", Block, 1, "u"), out old);
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/a", Job("2.0", Block, 1, "refreshed-url"), out again));
            Assert.IsTrue(object.ReferenceEquals(old, again));
            Assert.AreEqual(1, old.HolderCount);
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/a", Job("3.0", Block, 2, "u"), out next));
            Assert.IsFalse(old.IsLive);
            Assert.AreEqual(1, store.ImageCount);
            Assert.IsTrue(object.ReferenceEquals(next, store.Find("P/a")));
        }

        [TestMethod]
        public void Release_JobsNoLongerPending_FreesOnlyImagesNoPendingJobNeeds()
        {
            StagedImageStore store = new StagedImageStore(new NorFlash(new MemoryFlashMedium(8 * Block), Block, 1), 4);
            StagedImage x;
            store.Reserve("P/a", Job("2.0", Block, 1, "u"), out x);
            store.Reserve("P/b", Job("2.0", Block, 1, "u"), out x);
            store.Reserve("P/c", Job("3.0", Block, 2, "u"), out x);
            Assert.IsFalse(store.Release("P/a"), "P/b still needs 2.0");
            Assert.IsTrue(store.Release("P/c"), "nobody else needs 3.0");
            Assert.AreEqual(1, store.ImageCount);
            Assert.IsNotNull(store.Find("P/b"));
            Assert.IsNull(store.Find("P/a"));
            Assert.AreEqual(1, store.Find("P/b").HolderCount);
        }

        [TestMethod]
        public void Reserve_TableFull_TableFull()
        {
            StagedImageStore store = new StagedImageStore(new NorFlash(new MemoryFlashMedium(8 * Block), Block, 1), 1);
            StagedImage x;
            store.Reserve("P/a", Job("2.0", Block, 1, "u"), out x);
            Assert.AreEqual(StagingStatus.TableFull, store.Reserve("P/b", Job("3.0", Block, 2, "u"), out x));
        }

        [TestMethod]
        public void StagedImage_RewindToZeroAndAlignmentPadding_RestartsAndAcceptsOnlyPadding()
        {
            StagedImageStore store = new StagedImageStore(new OtaFirmware.SimulatedHardware.NorFlash(new OtaFirmware.SimulatedHardware.MemoryFlashMedium(8 * Block), Block, 4), 4);
            StagedImage image;
            store.Reserve("P/a", Job("2.0", Block + 102, 1, "u"), out image);
            byte[] data = new byte[2 * Block];
            Assert.AreEqual(StagingStatus.Ok, image.Write(0, data, 0, Block));
            image.Commit(Block);
            Assert.AreEqual(StagingStatus.OutOfRange, image.RewindTo(100));
            Assert.AreEqual(StagingStatus.Ok, image.RewindTo(0));
            Assert.AreEqual(0, image.CommittedLength);
            Assert.AreEqual(0, image.WrittenLength);

            Assert.AreEqual(StagingStatus.Ok, image.Write(0, data, 0, Block));
            Assert.AreEqual(StagingStatus.OutOfRange, image.Write(Block, data, 0, 108)); // beyond the padding to 4 bytes
            Assert.AreEqual(StagingStatus.Ok, image.Write(Block, data, 0, 104)); // 102 bytes + 2 bytes of padding
            Assert.AreEqual(Block + 102, image.WrittenLength);
            image.Commit(Block + 102);
            Assert.AreEqual(StagingStatus.Ok, image.MarkVerified(null));
            Assert.AreEqual(StagingStatus.NotReady, image.RewindTo(0));
        }

        [TestMethod]
        public void StagedImage_WriteCommitRewindVerifyRead_SequentialAndGuarded()
        {
            NorFlash region = new NorFlash(new MemoryFlashMedium(8 * Block), Block, 1);
            StagedImageStore store = new StagedImageStore(region, 4);
            StagedImage other;
            store.Reserve("P/first", Job("1.0", Block, 9, "u"), out other);
            StagedImage image;
            store.Reserve("P/a", Job("2.0", 2 * Block + 100, 1, "u"), out image);
            byte[] data = McubootImage.BuildUnsealed(2, 0, 0, 0, 2 * Block + 100 - McubootImage.HeaderSize, 3);

            Assert.AreEqual(StagingStatus.OutOfRange, image.Write(10, data, 0, 10));
            Assert.AreEqual(StagingStatus.Ok, image.Write(0, data, 0, Block + 50));
            image.Commit(Block);
            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { image.Commit(Block + 50); });

            // An interrupted download resumes at the committed block: the torn block is erased again.
            image.RewindToCommitted();
            Assert.AreEqual(Block, image.WrittenLength);
            byte[] zeros = new byte[100];
            Assert.AreEqual(StagingStatus.Ok, image.Write(Block, data, Block, Block + 100));
            Assert.AreEqual(StagingStatus.OutOfRange, image.Write(2 * Block + 100, zeros, 0, 1));
            byte[] back = new byte[10];
            Assert.IsFalse(image.Read(0, back, 0, 10));
            Assert.AreEqual(StagingStatus.NotReady, image.MarkVerified(null));
            image.Commit(2 * Block + 100);
            Assert.AreEqual(StagingStatus.Ok, image.MarkVerified(new byte[32]));
            Assert.AreEqual(StagingStatus.NotReady, image.Write(2 * Block + 100, zeros, 0, 0));

            byte[] all = new byte[image.Length];
            Assert.IsTrue(image.Read(0, all, 0, all.Length));
            CollectionAssert.AreEqual(data, all);
            Assert.AreEqual(Block, image.Address);
            Assert.IsFalse(image.Read(1, all, 0, all.Length));
        }

        [TestMethod]
        public void Restore_PersistedRecord_ContinuesAtCommittedAndRefusesOverlap()
        {
            NorFlash region = new NorFlash(new MemoryFlashMedium(8 * Block), Block, 1);
            StagedImageStore store = new StagedImageStore(region, 4);
            StagedImage restored;
            Assert.AreEqual(StagingStatus.Ok, store.Restore("P/a", Job("2.0", 3 * Block, 1, "u"), 2 * Block, Block, out restored));
            Assert.AreEqual(Block, restored.CommittedLength);
            Assert.AreEqual(Block, restored.WrittenLength);
            StagedImage shared;
            Assert.AreEqual(StagingStatus.Ok, store.Restore("P/b", Job("2.0", 3 * Block, 1, "u"), 2 * Block, Block, out shared));
            Assert.IsTrue(object.ReferenceEquals(restored, shared));
            StagedImage overlap;
            Assert.AreEqual(StagingStatus.OutOfRange, store.Restore("Q/c", Job("5.0", Block, 7, "u"), 4 * Block, 0, out overlap));
            Assert.AreEqual(StagingStatus.OutOfRange, store.Restore("Q/c", Job("5.0", Block, 7, "u"), 100, 0, out overlap));
            Assert.AreEqual(StagingStatus.OutOfRange, store.Restore("Q/c", Job("5.0", Block, 7, "u"), 0, 10, out overlap));
            StagedImage gap;
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("Q/d", Job("6.0", 2 * Block, 8, "u"), out gap));
            Assert.AreEqual(0, gap.Address);
        }
    }
}
