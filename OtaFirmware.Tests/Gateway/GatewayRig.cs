// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>A gateway agent with four simulated sub-devices (seed 001: three lights, one air conditioner) on
    /// in-memory serial lines, a staging NOR flash, a fake HTTPS source and a recording channel.</summary>
    public sealed class GatewayRig
    {
        /// <summary>Gateway product id.</summary>
        public const string GatewayProduct = "JR1WOKB7Q7";

        /// <summary>Gateway device name.</summary>
        public const string GatewayName = "gw_deng1";

        /// <summary>The sub-devices' identities.</summary>
        public static readonly SubDeviceId[] Ids = new SubDeviceId[]
        {
            new SubDeviceId("E69UADXUYY", "light1"),
            new SubDeviceId("E69UADXUYY", "light2"),
            new SubDeviceId("E69UADXUYY", "light3"),
            new SubDeviceId("YI7XCD5DRH", "airConditioner1"),
        };

        /// <summary>Creates the rig; the image is version 1.2.3 with <paramref name="payload"/> bytes of payload.</summary>
        public GatewayRig(int payload, int stagingImageBytes)
            : this(payload, stagingImageBytes, 1, null)
        {
        }

        /// <summary>Creates the rig with sub-devices running version <paramref name="runningMajor"/>.0.0.</summary>
        public GatewayRig(int payload, int stagingImageBytes, int runningMajor)
            : this(payload, stagingImageBytes, runningMajor, null)
        {
        }

        /// <summary>Creates the rig with the agent on <paramref name="agentClock"/> (the links and the devices stay on
        /// real time), so staging's timers and its transfer-rate watch can be driven by a fake clock.</summary>
        public GatewayRig(int payload, int stagingImageBytes, IClock agentClock)
            : this(payload, stagingImageBytes, 1, agentClock)
        {
        }

        /// <summary>Creates the rig with sub-devices running version <paramref name="runningMajor"/>.0.0 and the agent on
        /// <paramref name="agentClock"/> (null: the rig's clock).</summary>
        public GatewayRig(int payload, int stagingImageBytes, int runningMajor, IClock agentClock)
        {
            Image = McubootImage.Build(1, 2, 3, 0, payload, 42);
            Source = new FakeFirmwareSource(Image);
            Flash = new NorFlash(new MemoryFlashMedium(4 * 2 * 4096 + stagingImageBytes));
            Channel = new RecordingGatewayChannel();
            Log = new ListLog();
            Clock = new TestClock();
            Devices = new SimulatedSubDevice[Ids.Length];
            Links = new GatewaySubDevice[Ids.Length];
            for (int i = 0; i < Ids.Length; i++)
            {
                InMemorySerialPort gatewayEnd;
                InMemorySerialPort deviceEnd;
                InMemorySerialPort.CreatePair(64 * 1024, out gatewayEnd, out deviceEnd);
                Devices[i] = new SimulatedSubDevice(deviceEnd, Clock, new Sha256(), McubootImage.Build(runningMajor, 0, 0, 0, 3000, i), 64 * 1024);
                Devices[i].Start();
                Links[i] = new GatewaySubDevice(Ids[i], new SmpSubDeviceLink(gatewayEnd, Clock, 256, 100, 3));
            }

            AgentClock = agentClock != null ? agentClock : Clock;
            Options = new GatewayOptions();
            Options.RetryDelayMilliseconds = 5;
            Options.LinkStalls = 3;
            Agent = NewAgent();
        }

        /// <summary>The image the cloud offers.</summary>
        public byte[] Image { get; private set; }

        /// <summary>The HTTPS source.</summary>
        public FakeFirmwareSource Source { get; private set; }

        /// <summary>The source <see cref="NewAgent"/> gives the agent when not <see cref="Source"/> (a test's wrapper around it), else null.</summary>
        public IFirmwareSource AgentSource { get; set; }

        /// <summary>The gateway's staging flash.</summary>
        public NorFlash Flash { get; private set; }

        /// <summary>The gateway's MQTT connection.</summary>
        public RecordingGatewayChannel Channel { get; private set; }

        /// <summary>The gateway's log.</summary>
        public ListLog Log { get; private set; }

        /// <summary>Real time (the links' and the devices' clock).</summary>
        public TestClock Clock { get; private set; }

        /// <summary>The agent's clock (<see cref="Clock"/> unless the rig was given another).</summary>
        public IClock AgentClock { get; private set; }

        /// <summary>The options <see cref="NewAgent"/> builds the agent with (the defaults but short retry delays and few link stalls).</summary>
        public GatewayOptions Options { get; private set; }

        /// <summary>The simulated sub-devices, in <see cref="Ids"/> order.</summary>
        public SimulatedSubDevice[] Devices { get; private set; }

        /// <summary>The gateway's sub-device table.</summary>
        public GatewaySubDevice[] Links { get; private set; }

        /// <summary>The agent of the current boot.</summary>
        public GatewayAgent Agent { get; private set; }

        /// <summary>A new agent over the same flash, links and devices (a gateway reboot); booted.</summary>
        public GatewayAgent NewAgent()
        {
            DialectOptions dialect = new DialectOptions();
            dialect.AllowHttpOnLoopback = true;
            Agent = new GatewayAgent(GatewayProduct, GatewayName, Channel, AgentSource != null ? AgentSource : Source, Flash, Links, dialect, AgentClock, Log, new Md5(), new Sha256(), Options);
            Agent.Boot();
            return Agent;
        }

        /// <summary>Connects and answers the online request with <paramref name="refused"/> (index, or -1) refused.</summary>
        public void ConnectOnline(int refused)
        {
            Agent.OnConnected();
            Agent.Pump();
            StringBuilder json = new StringBuilder("{\"type\":\"online\",\"payload\":{\"devices\":[");
            for (int i = 0; i < Ids.Length; i++)
            {
                json.Append(i == 0 ? "{" : ",{");
                json.Append("\"product_id\":\"" + Ids[i].ProductId + "\",\"device_name\":\"" + Ids[i].DeviceName + "\",\"result\":" + (i == refused ? "-1" : "0") + "}");
            }

            json.Append("]}}");
            Agent.Enqueue(TencentGatewayTopics.OperationResult(GatewayProduct, GatewayName), Encoding.UTF8.GetBytes(json.ToString()));
            Agent.Pump();
        }

        /// <summary>Sends update_firmware for the rig's image (or <paramref name="md5Override"/>) to sub-device <paramref name="index"/>.</summary>
        public void Order(int index, string md5Override)
        {
            Order(index, "1.2.3", md5Override, false);
        }

        /// <summary>Sends update_firmware for <paramref name="version"/> of the rig's image size (MD5 of the rig's image
        /// unless <paramref name="md5Override"/>) to sub-device <paramref name="index"/>, with the MQTT retain flag <paramref name="retained"/>.</summary>
        public void Order(int index, string version, string md5Override, bool retained)
        {
            string md5 = md5Override != null ? md5Override : Md5Hex(Image);
            string json = "{\"type\":\"update_firmware\",\"version\":\"" + version + "\",\"url\":\"http://127.0.0.1/fw.bin\",\"md5sum\":\"" + md5 + "\",\"file_size\":" + Image.Length.ToString() + "}";
            Agent.Deliver(TencentGatewayTopics.OtaUpdate(Ids[index]), Encoding.UTF8.GetBytes(json), retained);
        }

        /// <summary>Pumps until no job is pending (at most <paramref name="maxPumps"/> pumps).</summary>
        /// <returns>True when idle.</returns>
        public bool PumpUntilIdle(int maxPumps)
        {
            Agent.Pump();
            for (int i = 0; i < maxPumps && Agent.PendingJobs > 0; i++)
            {
                int sleep = Agent.Pump();
                if (sleep > 0 && Agent.PendingJobs > 0)
                {
                    Clock.Sleep(sleep > 20 ? 20 : sleep);
                }
            }

            return Agent.PendingJobs == 0;
        }

        /// <summary>Stops the device threads.</summary>
        public void Stop()
        {
            for (int i = 0; i < Devices.Length; i++)
            {
                Devices[i].Stop();
            }
        }

        /// <summary>Report topic of sub-device <paramref name="index"/>.</summary>
        public static string ReportTopic(int index)
        {
            return TencentGatewayTopics.OtaReport(Ids[index]);
        }

        private static string Md5Hex(byte[] data)
        {
            Md5 md5 = new Md5();
            md5.Append(data, 0, data.Length);
            byte[] digest = new byte[16];
            md5.Finish(digest, 0);
            return OtaFirmware.Text.Hex.ToLower(digest);
        }
    }
}
