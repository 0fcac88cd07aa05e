// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// A simulated ESP32 (4 MB layout, in memory) running the real agent and pipeline against a
    /// <see cref="FakeFirmwareSource"/> and a <see cref="RecordingChannel"/>: the unit under test for whole-update
    /// and power-cut tests. A power cut is a <see cref="PowerLossException"/> out of <see cref="RunUntilSettled"/>;
    /// <see cref="PowerOnAndBoot"/> is the reboot (same flash bytes, new agent).
    /// </summary>
    public sealed class TestBoard
    {
        /// <summary>The version the board ships with.</summary>
        public const string InitialVersion = "1.0.0";

        /// <summary>
        /// The 4 MB layout moved for a chip whose app slots erase in large blocks: the partition table, otadata and the
        /// journal stay in the first 128 KiB, which erases in 4 KiB sectors (<see cref="BootSectorEnd"/>).
        /// </summary>
        public const string LargeBlockLayout =
            "# Name,   Type, SubType,  Offset,   Size,     Flags\n" +
            "nvs,      data, nvs,      0x9000,   0x4000,\n" +
            "otadata,  data, ota,      0xd000,   0x2000,\n" +
            "phy_init, data, phy,      0xf000,   0x1000,\n" +
            "otarec,   0x40, 0x00,     0x10000,  0x2000,\n" +
            "ota_0,    app,  ota_0,    0x20000,  0x1B0000,\n" +
            "ota_1,    app,  ota_1,    0x1D0000, 0x1B0000,\n";

        /// <summary>End of the 4 KiB boot sectors of <see cref="LargeBlockLayout"/>'s chip.</summary>
        public const int BootSectorEnd = 0x20000;

        private TestBoard(byte[] image, string version)
            : this(image, version, 4096, 0xFF)
        {
        }

        private TestBoard(byte[] image, string version, int eraseBlockSize, byte erasedValue)
        {
            Image = image;
            Version = version;
            Md5 md5 = new Md5();
            md5.Append(image, 0, image.Length);
            Md5Digest = new byte[16];
            md5.Finish(Md5Digest, 0);
            Source = new FakeFirmwareSource(image);
            Channel = new RecordingChannel();
            Dialect = new ScriptedDialect();
            AgentDialect = Dialect;
            Clock = new FakeClock();
            Health = new ScriptedHealthCheck();
            Options = new AgentOptions();
            MemoryFlashMedium medium = new MemoryFlashMedium(BoardLayouts.Esp32FlashSize, erasedValue);
            if (eraseBlockSize == 4096)
            {
                Esp = SimulatedEsp32.Create(new NorFlash(medium, 4096, 4, erasedValue), BoardLayouts.Esp32FourMegabytes, 0, InitialVersion, 64 * 1024, 1);
            }
            else
            {
                Esp = SimulatedEsp32.Create(new NorFlash(medium, eraseBlockSize, 4, erasedValue, BootSectorEnd), LargeBlockLayout, 0, InitialVersion, 64 * 1024, 1);
            }
        }

        /// <summary>The image the cloud offers.</summary>
        public byte[] Image { get; private set; }

        /// <summary>Its version.</summary>
        public string Version { get; private set; }

        /// <summary>Its MD5.</summary>
        public byte[] Md5Digest { get; private set; }

        /// <summary>The simulated chip.</summary>
        public SimulatedEsp32 Esp { get; private set; }

        /// <summary>The HTTP side.</summary>
        public FakeFirmwareSource Source { get; private set; }

        /// <summary>The MQTT side.</summary>
        public RecordingChannel Channel { get; private set; }

        /// <summary>The test dialect.</summary>
        public ScriptedDialect Dialect { get; private set; }

        /// <summary>The dialect the agent speaks: <see cref="Dialect"/> unless a test sets a real cloud's before booting.</summary>
        public ICloudDialect AgentDialect { get; set; }

        /// <summary>The test clock.</summary>
        public FakeClock Clock { get; private set; }

        /// <summary>The health check the next boot runs.</summary>
        public ScriptedHealthCheck Health { get; private set; }

        /// <summary>Agent options (set before <see cref="PowerOnAndBoot"/>).</summary>
        public AgentOptions Options { get; private set; }

        /// <summary>The agent of the current boot.</summary>
        public OtaAgent Agent { get; private set; }

        /// <summary>The update record of the current boot (the agent's collaborator).</summary>
        public UpdateRecord Record { get; private set; }

        /// <summary>What the bootloader did at the current boot.</summary>
        public BootResult LastBoot { get; private set; }

        /// <summary>The log of the current boot.</summary>
        public ListLog Log { get; private set; }

        /// <summary>Simulated milliseconds that pass per busy pump (drives the progress governor).</summary>
        public int MillisecondsPerPump { get; set; }

        /// <summary>Resets seen (reboots into a new image, rollbacks).</summary>
        public int Resets { get; private set; }

        /// <summary>A board offering an image of <paramref name="size"/> bytes with <paramref name="version"/>.</summary>
        public static TestBoard Create(int size, string version)
        {
            return new TestBoard(Esp32ImageBuilder.Build(version, "OtaFirmware", 0, size, 42), version);
        }

        /// <summary>A board offering an image whose header is right but whose appended SHA-256 is not (the bootloader's check refuses it).</summary>
        public static TestBoard CreateInvalid(int size, string version)
        {
            byte[] image = Esp32ImageBuilder.Build(version, "OtaFirmware", 0, size, 42);
            image[image.Length - 1] ^= 0xFF;
            return new TestBoard(image, version);
        }

        /// <summary>
        /// A board on a chip of another geometry (MCUboot's device axis): app slots erasing in
        /// <paramref name="eraseBlockSize"/> blocks, every byte erased to <paramref name="erasedValue"/>, downloads in
        /// chunks of <paramref name="chunkSize"/> bytes.
        /// </summary>
        public static TestBoard Create(int size, string version, int eraseBlockSize, byte erasedValue, int chunkSize)
        {
            TestBoard board = new TestBoard(Esp32ImageBuilder.Build(version, "OtaFirmware", 0, size, 42), version, eraseBlockSize, erasedValue);
            board.Options.ChunkSize = chunkSize;
            return board;
        }

        /// <summary>A board whose cloud offers <paramref name="file"/> (e.g. a signed or tampered image) as <paramref name="version"/>.</summary>
        public static TestBoard Offering(byte[] file, string version)
        {
            return new TestBoard(file, version);
        }

        /// <summary>What the device accepts (signature, downgrades, anti-rollback); null (the default) checks nothing.
        /// Given to every pipeline the board boots; the anti-rollback counter is taken from the simulated eFuse at each boot.</summary>
        public ImagePolicy Policy { get; set; }

        /// <summary>The source the pipelines read through, when not <see cref="Source"/> itself (e.g. a
        /// <see cref="BoundedFirmwareSource"/> over a hanging server, as the device wraps its HTTP source); null (the
        /// default) reads <see cref="Source"/>.</summary>
        public IFirmwareSource PipelineSource { get; set; }

        /// <summary>True: a boot leaves the channel connected without announcing it (a transport between the broker's
        /// CONNACK and its SUBACK); the test calls Agent.OnConnected itself.</summary>
        public bool AnnounceLater { get; set; }

        /// <summary>Powers on (after a cut), runs the bootloader and boots a fresh agent (settling included).</summary>
        /// <returns>What the settling did.</returns>
        public SettleResult PowerOnAndBoot()
        {
            for (int attempt = 0; attempt < 4; attempt++)
            {
                LastBoot = Esp.Boot();
                if (!LastBoot.IsOk)
                {
                    throw new InvalidOperationException("the simulated bootloader found nothing to boot: " + LastBoot.FailureReason);
                }

                Log = new ListLog();
                IFirmwareSlot slot = Esp.OpenSlot(LastBoot);
                Record = new UpdateRecord(new ResumeJournal(Esp.ResumeRecordRegion));
                UpdatePipeline pipeline = new UpdatePipeline(slot, PipelineSource != null ? PipelineSource : Source, Record, new byte[Options.ChunkSize], Options.ChunkSize, Options.RequestWindow, Options.ChipId, new Md5(), new Sha256());
                if (Policy != null)
                {
                    Policy.MinimumSecureVersion = Esp.Efuse.SecureVersion;
                    pipeline.Policy = Policy;
                }

                Agent = new OtaAgent(AgentDialect, Channel, slot, Record, pipeline, Clock, Log, Health, Options);
                try
                {
                    SettleResult settled = Agent.Boot();
                    if (!AnnounceLater)
                    {
                        Agent.OnConnected();
                    }

                    return settled;
                }
                catch (SimulatedResetException)
                {
                    Resets++; // rolled back: boot again
                }
            }

            throw new InvalidOperationException("boot loop");
        }

        /// <summary>The cloud sends the update command for the offered image.</summary>
        public void SendUpdate()
        {
            SendUpdate(Version, Image.Length, Md5Digest, "https://cloud.local/fw.bin?sig=1", "job-1");
        }

        /// <summary>The cloud sends an arbitrary update command.</summary>
        public void SendUpdate(string version, int size, byte[] md5, string url, string id)
        {
            Agent.Enqueue("update", ScriptedDialect.UpdatePayload(version, size, md5, url, id));
        }

        /// <summary>
        /// Pumps the agent until it is idle with nothing due, rebooting through every SimulatedResetException (the
        /// reboot into a new image, a rollback). A <see cref="PowerLossException"/> propagates to the caller.
        /// </summary>
        /// <returns>The number of pumps.</returns>
        public int RunUntilSettled(int maxPumps)
        {
            int pumps = 0;
            while (pumps < maxPumps)
            {
                pumps++;
                int wait;
                try
                {
                    wait = Agent.Pump();
                }
                catch (SimulatedResetException)
                {
                    Resets++;
                    PowerOnAndBoot();
                    continue;
                }

                if (Agent.State == AgentState.Idle && wait > 0)
                {
                    // One more pump flushes reports that were due after the last transition.
                    Agent.Pump();
                    return pumps;
                }

                Clock.Sleep(wait > 0 ? wait : MillisecondsPerPump);
            }

            throw new InvalidOperationException("the agent did not settle in " + maxPumps.ToString() + " pumps");
        }

        /// <summary>Pumps (without moving the clock) until the agent is in <paramref name="state"/>.</summary>
        /// <returns>True when it got there within <paramref name="maxPumps"/> pumps.</returns>
        public bool PumpUntil(AgentState state, int maxPumps)
        {
            for (int i = 0; i < maxPumps && Agent.State != state; i++)
            {
                Agent.Pump();
            }

            return Agent.State == state;
        }

        /// <summary>True when the running slot holds exactly the offered image.</summary>
        public bool RunningImageIsOffered()
        {
            byte[] actual = new byte[Image.Length];
            Esp.Flash.Read(LastBoot.Partition.Offset, actual, 0, actual.Length);
            for (int i = 0; i < actual.Length; i++)
            {
                if (actual[i] != Image[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
