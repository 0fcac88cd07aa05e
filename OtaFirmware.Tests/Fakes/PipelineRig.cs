// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// A simulated ESP32 (4 MB layout, in memory) with the real <see cref="UpdateRecord"/> and
    /// <see cref="UpdatePipeline"/> but no agent, for tests of the pipeline, the download driver and the boot settling
    /// on their own. <see cref="Reboot"/> runs the bootloader again and builds a fresh record and pipeline over the
    /// same flash bytes.
    /// </summary>
    public sealed class PipelineRig
    {
        /// <summary>The version the board ships with.</summary>
        public const string InitialVersion = "1.0.0";

        /// <summary>Bytes per step.</summary>
        public const int ChunkSize = 1024;

        private readonly int _requestWindow;

        private PipelineRig(int size, string version, int requestWindow)
        {
            _requestWindow = requestWindow;
            Version = version;
            Image = Esp32ImageBuilder.Build(version, "OtaFirmware", 0, size, 42);
            Md5 md5 = new Md5();
            md5.Append(Image, 0, Image.Length);
            Md5Digest = new byte[16];
            md5.Finish(Md5Digest, 0);
            Source = new FakeFirmwareSource(Image);
            CombinedWrite = true;
            Esp = SimulatedEsp32.Create(new MemoryFlashMedium(BoardLayouts.Esp32FlashSize), BoardLayouts.Esp32FourMegabytes, 0, InitialVersion, 64 * 1024, 1);
            Reboot();
        }

        /// <summary>The simulated chip.</summary>
        public SimulatedEsp32 Esp { get; private set; }

        /// <summary>The image the server offers.</summary>
        public byte[] Image { get; private set; }

        /// <summary>Its version.</summary>
        public string Version { get; private set; }

        /// <summary>Its MD5.</summary>
        public byte[] Md5Digest { get; private set; }

        /// <summary>The HTTP side.</summary>
        public FakeFirmwareSource Source { get; private set; }

        /// <summary>What the bootloader did at the last boot.</summary>
        public BootResult LastBoot { get; private set; }

        /// <summary>The slot view of the last boot.</summary>
        public SimulatedFirmwareSlot Slot { get; private set; }

        /// <summary>The record of the last boot (loaded).</summary>
        public UpdateRecord Record { get; private set; }

        /// <summary>True (the default): the pipeline gets the simulated slot itself, which writes and hashes a chunk in
        /// one call (<see cref="IHashingFirmwareSlot"/>); false: the slot behind a <see cref="PlainSlot"/>, so the
        /// pipeline writes and appends to each hash itself. Takes effect at the next <see cref="Reboot"/>.</summary>
        public bool CombinedWrite { get; set; }

        /// <summary>The pipeline of the last boot.</summary>
        public UpdatePipeline Pipeline { get; private set; }

        /// <summary>A rig offering an image of <paramref name="size"/> bytes, asking <paramref name="requestWindow"/> bytes per request.</summary>
        public static PipelineRig Create(int size, string version, int requestWindow)
        {
            return new PipelineRig(size, version, requestWindow);
        }

        /// <summary>The job for the offered image (its MD5 replaced by <paramref name="md5"/> when given).</summary>
        public UpdateJob Job(byte[] md5)
        {
            return new UpdateJob(Version, Image.Length, md5 != null ? md5 : Md5Digest, null, "https://cloud.local/fw.bin", "job-1");
        }

        /// <summary>Runs the bootloader again and builds a fresh record and pipeline (a reset).</summary>
        public void Reboot()
        {
            LastBoot = Esp.Boot();
            Slot = Esp.OpenSlot(LastBoot);
            Record = new UpdateRecord(new ResumeJournal(Esp.ResumeRecordRegion));
            Record.Load();
            IFirmwareSlot slot = CombinedWrite ? (IFirmwareSlot)Slot : new PlainSlot(Slot);
            Pipeline = new UpdatePipeline(slot, Source, Record, new byte[ChunkSize], ChunkSize, _requestWindow, 0, new Md5(), new Sha256());
        }

        /// <summary>Steps until the pipeline is not in progress (at most <paramref name="maxSteps"/> steps).</summary>
        /// <returns>The last status; <paramref name="failure"/> is its failure.</returns>
        public StepStatus StepToEnd(int maxSteps, out UpdateResult failure)
        {
            failure = null;
            StepStatus status = StepStatus.InProgress;
            for (int i = 0; i < maxSteps && status == StepStatus.InProgress; i++)
            {
                status = Pipeline.Step(out failure);
            }

            return status;
        }

        /// <summary>True when the inactive slot holds exactly the offered image.</summary>
        public bool SlotHoldsImage()
        {
            byte[] buffer = new byte[Image.Length];
            if (!Slot.Read(0, buffer, 0, buffer.Length).IsOk)
            {
                return false;
            }

            for (int i = 0; i < buffer.Length; i++)
            {
                if (buffer[i] != Image[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
