// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Host.Broker;
using OtaFirmware.Host.Http;
using OtaFirmware.Host.Tls;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Connectivity;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Host.Gateway;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Host.Http;

[TestClass]
public sealed class HttpClientFirmwareSourceTests
{
    private const int Size = 100_000;
    private static readonly byte[] Content = TestServer.Image(Size, 2);
    private static TestServer? _server;

    [ClassInitialize]
    public static async Task Start(TestContext context) => _server = await TestServer.StartAsync();

    [ClassCleanup]
    public static async Task Stop()
    {
        if (_server != null)
        {
            await _server.DisposeAsync();
        }
    }

    [TestMethod]
    public void Open_Range_FactsFromTheResponse()
    {
        FirmwarePackage package = Add("facts.bin");
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Ok, source.Open(_server!.Server.UrlFor(package), 1000, 4096, ref facts));
        Assert.AreEqual(206, facts.StatusCode);
        Assert.AreEqual(1000, facts.RangeFirst);
        Assert.AreEqual(5095, facts.RangeLast);
        Assert.AreEqual(Size, facts.TotalLength);
        Assert.AreEqual(4096, facts.ContentLength);
        CollectionAssert.AreEqual(Content[1000..5096], ReadAll(source));

        Assert.AreEqual(SourceStatus.Ok, source.Open(_server.Server.UrlFor(package), 0, 0, ref facts));
        Assert.AreEqual(200, facts.StatusCode);
        Assert.AreEqual(-1, facts.RangeFirst);
        Assert.AreEqual(-1, facts.TotalLength);
        Assert.AreEqual(Size, facts.ContentLength);

        Assert.AreEqual(SourceStatus.Ok, source.Open(_server.Server.UrlFor(package), Size - 10, 0, ref facts));
        Assert.AreEqual(206, facts.StatusCode);
        Assert.AreEqual(Size - 10, facts.RangeFirst);
        Assert.AreEqual(Size - 1, facts.RangeLast);
        source.Close();
    }

    [TestMethod]
    public void Read_WindowedRequestsInSmallChunks_ReassembleTheFileExactly()
    {
        FirmwarePackage package = Add("chunks.bin");
        using HttpClientFirmwareSource source = Trusting();
        var copy = new byte[Size];
        var chunk = new byte[1500];
        int position = 0;
        const int window = 16 * 1024;
        while (position < Size)
        {
            HttpFacts facts = default;
            Assert.AreEqual(SourceStatus.Ok, source.Open(_server!.Server.UrlFor(package), position, window, ref facts));
            Assert.AreEqual(206, facts.StatusCode);
            Assert.AreEqual(position, facts.RangeFirst);
            while (true)
            {
                Assert.AreEqual(SourceStatus.Ok, source.Read(chunk, 0, chunk.Length, out int n));
                if (n == 0)
                {
                    break;
                }

                Array.Copy(chunk, 0, copy, position, n);
                position += n;
            }
        }

        source.Close();
        CollectionAssert.AreEqual(Content, copy);
        Assert.AreEqual((long)Size, package.BytesServed, "no byte fetched twice");
    }

    [TestMethod]
    public void Read_AfterWarmUp_DoesNotAllocatePerCall()
    {
        FirmwarePackage package = Add("alloc.bin");
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Ok, source.Open(_server!.Server.UrlFor(package), 0, 0, ref facts));
        var chunk = new byte[1024];
        for (int i = 0; i < 4; i++)
        {
            source.Read(chunk, 0, chunk.Length, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Assert.AreEqual(SourceStatus.Ok, source.Read(chunk, 0, chunk.Length, out _));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        source.Close();
        Assert.IsTrue(allocated < 50 * 64, "allocated " + allocated + " bytes in 50 reads");
    }

    [TestMethod]
    public void Open_ServerIgnoresRange_Ok200WithoutContentRange()
    {
        FirmwarePackage package = Add("ignore.bin");
        package.Faults.IgnoreRange = true;
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Ok, source.Open(_server!.Server.UrlFor(package), 5000, 1000, ref facts));
        Assert.AreEqual(200, facts.StatusCode);
        Assert.AreEqual(-1, facts.RangeFirst);
        Assert.AreEqual(Size, facts.ContentLength);
        source.Close();
    }

    [TestMethod]
    public void Open_WrongContentRange_FactsShowWhatTheServerClaimed()
    {
        FirmwarePackage package = Add("wrong.bin");
        package.Faults.WrongContentRange = true;
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Ok, source.Open(_server!.Server.UrlFor(package), 5000, 1000, ref facts));
        Assert.AreEqual(206, facts.StatusCode);
        Assert.AreEqual(5001, facts.RangeFirst);
        Assert.AreEqual(6000, facts.RangeLast);
        source.Close();
    }

    [TestMethod]
    public void Read_ServerDropsTheConnection_ConnectionDroppedThenResumeWorks()
    {
        FirmwarePackage package = Add("drop.bin");
        package.Faults.DropAfterBytes = 30_000;
        package.Faults.DropCount = 1;
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        SourceStatus opened = source.Open(_server!.Server.UrlFor(package), 0, 0, ref facts);
        Assert.AreEqual(SourceStatus.Ok, opened, "open: " + opened + " " + facts.StatusCode);
        var chunk = new byte[4096];
        int total = 0;
        SourceStatus status;
        while ((status = source.Read(chunk, 0, chunk.Length, out int n)) == SourceStatus.Ok && n > 0)
        {
            total += n;
        }

        Assert.AreEqual(SourceStatus.ConnectionDropped, status);
        Assert.AreEqual(30_000, total);

        Assert.AreEqual(SourceStatus.Ok, source.Open(_server.Server.UrlFor(package), total, 0, ref facts));
        Assert.AreEqual(206, facts.StatusCode);
        Assert.AreEqual(total, facts.RangeFirst);
        CollectionAssert.AreEqual(Content[total..], ReadAll(source));
    }

    [TestMethod]
    public void Open_ForcedStatusAndUnsatisfiable_HttpErrorWithFacts()
    {
        FirmwarePackage package = Add("status.bin");
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        foreach (int code in new[] { 403, 404 })
        {
            package.Faults.ForcedStatus = code;
            Assert.AreEqual(SourceStatus.HttpError, source.Open(_server!.Server.UrlFor(package), 0, 100, ref facts));
            Assert.AreEqual(code, facts.StatusCode);
        }

        package.Faults.Clear();
        Assert.AreEqual(SourceStatus.HttpError, source.Open(_server!.Server.UrlFor(package), Size, 0, ref facts));
        Assert.AreEqual(416, facts.StatusCode);
        Assert.AreEqual(-1, facts.RangeFirst);
        Assert.AreEqual(Size, facts.TotalLength);
    }

    [TestMethod]
    public void Read_ServerStalls_TimeoutAfterTheReadTimeout()
    {
        FirmwarePackage warm = Add("warm.bin");
        FirmwarePackage slow = Add("slow.bin");
        slow.Faults.BytesPerSecond = 1;
        using var source = new HttpClientFirmwareSource(new HttpFirmwareSourceOptions
        {
            TrustedAuthority = _server!.Certificates.Authority,
            ReadTimeout = TimeSpan.FromMilliseconds(600),
        });

        // Warm up the server and leave a pooled connection, so the slow request measures only the stall.
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Ok, source.Open(_server.Server.UrlFor(warm), 0, 100, ref facts));
        ReadAll(source);

        Assert.AreEqual(SourceStatus.Ok, source.Open(_server.Server.UrlFor(slow), 0, 0, ref facts));
        Assert.AreEqual(200, facts.StatusCode);
        var chunk = new byte[16];
        SourceStatus status;
        int received = 0;
        while ((status = source.Read(chunk, 0, chunk.Length, out int n)) == SourceStatus.Ok && received < 3)
        {
            received += n;
        }

        // One byte per second against a 600 ms receive limit.
        Assert.AreEqual(SourceStatus.Timeout, status);
        Assert.IsTrue(received <= 1, "received " + received);
    }

    [TestMethod]
    public void DownloadDriver_KestrelTrickles_AttemptFailsBelowTheMinimumRateWithEveryStepBounded()
    {
        FirmwarePackage trickle = Add("trickle.bin");
        trickle.Faults.BytesPerSecond = 200; // 20 bytes every 100 ms: never trips a read timeout
        using HttpClientFirmwareSource source = Trusting();
        SimulatedEsp32 esp = SimulatedEsp32.Create(new MemoryFlashMedium(BoardLayouts.Esp32FlashSize), BoardLayouts.Esp32FourMegabytes, 0, "1.0.0", 64 * 1024, 1);
        BootResult boot = esp.Boot();
        var record = new UpdateRecord(new ResumeJournal(esp.ResumeRecordRegion));
        record.Load();
        var pipeline = new UpdatePipeline(esp.OpenSlot(boot), source, record, new byte[4096], 4096, 0, UpdatePipeline.AnyImage, new Md5(), new Sha256());
        var clock = new HostClock();
        var driver = new DownloadDriver(pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 0, 2000, 1000);
        var job = new UpdateJob("1.0.0", Size, Convert.FromHexString(trickle.Md5), null, _server!.Server.UrlFor(trickle), "job-1");
        Assert.IsTrue(driver.Start(job).IsOk);

        DownloadVerdict verdict = DownloadVerdict.InProgress;
        int steps = 0;
        while (verdict == DownloadVerdict.InProgress && steps < 10_000)
        {
            verdict = driver.Step();
            steps++;
        }

        // Each step returned after one read of what the server had sent, so a command would have been handled
        // between them; the attempt as a whole failed as a network failure and backs off.
        Assert.AreEqual(DownloadVerdict.RetryLater, verdict);
        Assert.AreEqual(UpdateError.SourceUnavailable, driver.Failure.Error);
        StringAssert.Contains(driver.Failure.Detail, "minimum 2000 bytes/s");
        Assert.IsTrue(steps > 1, "steps: " + steps);
        Assert.IsTrue(pipeline.BytesFetched < Size);
    }

    [TestMethod]
    public void Open_HeadersLate_Timeout()
    {
        FirmwarePackage package = Add("late.bin");
        package.Faults.HeaderDelay = TimeSpan.FromSeconds(2);
        using var source = new HttpClientFirmwareSource(new HttpFirmwareSourceOptions
        {
            TrustedAuthority = _server!.Certificates.Authority,
            ResponseTimeout = TimeSpan.FromMilliseconds(300),
        });
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Timeout, source.Open(_server.Server.UrlFor(package), 0, 0, ref facts));
        Assert.AreEqual(0, facts.StatusCode);
    }

    [TestMethod]
    public void Open_NobodyListens_ConnectFailed()
    {
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.ConnectFailed, source.Open("https://127.0.0.1:" + MosquittoBroker.FreePort() + "/firmware/x.bin", 0, 0, ref facts));
        Assert.AreEqual(0, facts.StatusCode);
    }

    [TestMethod]
    public void Open_NotHttp_BadUrl()
    {
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;
        foreach (string url in new[] { "ftp://127.0.0.1/x", "not a url", "/relative/path" })
        {
            Assert.AreEqual(SourceStatus.BadUrl, source.Open(url, 0, 0, ref facts), url);
        }
    }

    [TestMethod]
    public void Open_ServerCertificateFromAnotherCa_ConnectFailed()
    {
        FirmwarePackage package = Add("trust.bin");
        string other = Directory.CreateTempSubdirectory("ota-stranger-").FullName;
        try
        {
            using RunCertificates stranger = RunCertificates.Create(other, "Stranger CA");
            using var source = new HttpClientFirmwareSource(new HttpFirmwareSourceOptions { TrustedAuthority = stranger.Authority });
            HttpFacts facts = default;
            Assert.AreEqual(SourceStatus.ConnectFailed, source.Open(_server!.Server.UrlFor(package), 0, 0, ref facts));

            // The system trust store does not know the run's CA either.
            using var system = new HttpClientFirmwareSource();
            Assert.AreEqual(SourceStatus.ConnectFailed, system.Open(_server.Server.UrlFor(package), 0, 0, ref facts));
        }
        finally
        {
            Directory.Delete(other, true);
        }
    }

    [TestMethod]
    public void Open_PlainHttp_Works()
    {
        FirmwarePackage package = Add("plain.bin");
        using var source = new HttpClientFirmwareSource();
        HttpFacts facts = default;
        Assert.AreEqual(SourceStatus.Ok, source.Open(_server!.Server.UrlFor(package, plainHttp: true), 10, 10, ref facts));
        Assert.AreEqual(206, facts.StatusCode);
        CollectionAssert.AreEqual(Content[10..20], ReadAll(source));
    }

    private static FirmwarePackage Add(string name) => _server!.Server.Add(name, "1.0.0", Content);

    private static HttpClientFirmwareSource Trusting() =>
        new(new HttpFirmwareSourceOptions { TrustedAuthority = _server!.Certificates.Authority });

    private static byte[] ReadAll(HttpClientFirmwareSource source)
    {
        using var result = new MemoryStream();
        var chunk = new byte[777];
        while (true)
        {
            Assert.AreEqual(SourceStatus.Ok, source.Read(chunk, 0, chunk.Length, out int n));
            if (n == 0)
            {
                return result.ToArray();
            }

            result.Write(chunk, 0, n);
        }
    }
}
