// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

// STUBS, NOT THE REAL LIBRARIES: declarations (no behaviour) of the nanoFramework 1.x APIs the device code uses that
// are not in mscorlib, with the signatures of the library sources (see DeviceTypeCheck.csproj). Compiled against the
// real mscorlib 1.17.11: nothing here may declare a type mscorlib has.
#pragma warning disable CS0067, CS1591

using System;

namespace System.IO
{
    // nanoFramework.System.IO.Streams 1.1.96: Stream.cs (subset)
    public abstract class Stream : IDisposable
    {
        public abstract bool CanRead { get; }

        public abstract bool CanWrite { get; }

        public abstract long Length { get; }

        public abstract long Position { get; set; }

        public int ReadTimeout { get; set; }

        public abstract int Read(byte[] buffer, int offset, int count);

        public abstract void Write(byte[] buffer, int offset, int count);

        public abstract void Flush();

        public virtual void Close() { }

        public void Dispose() { }
    }
}

namespace System.Threading
{
    // nanoFramework.System.Threading 1.1.52: CancellationToken.cs (subset)
    public struct CancellationToken
    {
        public static CancellationToken None { get { return default(CancellationToken); } }

        public bool IsCancellationRequested { get { return false; } }
    }

    // nanoFramework.System.Threading 1.1.52: CancellationTokenSource.cs (subset)
    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource() { }

        public CancellationTokenSource(int millisecondsDelay) { }

        public CancellationToken Token { get { return default(CancellationToken); } }

        public void Cancel() { }

        public void Dispose() { }
    }
}

namespace System
{
    // nanoFramework.Runtime.Native 1.7.11: System/Environment.cs (mscorlib 1.x has no Environment class)
    public static class Environment
    {
        public static long TickCount64 { get { return 0; } }
    }
}

namespace System.IO
{
    // nanoFramework.System.IO.FileSystem 1.1.93: File.cs (subset)
    public static class File
    {
        public static bool Exists(string path) { return false; }

        public static string ReadAllText(string path) { return null; }

        public static byte[] ReadAllBytes(string path) { return null; }
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    // nanoFramework.System.Net: X509Certificates/X509Certificate.cs
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate) { }

        public X509Certificate(string certificate) { }
    }
}

namespace System.Net.Security
{
    // nanoFramework.System.Net: Security/NetworkSecurity.cs
    [Flags]
    public enum SslProtocols
    {
        None = 0,
        Tls12 = 3072,
        Tls13 = 12288,
    }

    // nanoFramework.System.Net: Security/NetworkSecurity.cs. nanoCLR's TLS layer verifies the server only with
    // CertificateRequired; HttpWebRequest leaves it at 0 unless set.
    public enum SslVerification
    {
        NoVerification = 1,
        VerifyPeer = 2,
        CertificateRequired = 4,
        VerifyClientOnce = 8,
    }
}

namespace System.Net.NetworkInformation
{
    public enum NetworkInterfaceType
    {
        Unknown = 1,
        Ethernet = 6,
        Wireless80211 = 71,
    }

    public class NetworkInterface
    {
        public static NetworkInterface[] GetAllNetworkInterfaces() { return null; }

        public NetworkInterfaceType NetworkInterfaceType { get { return NetworkInterfaceType.Unknown; } }

        public string IPv4Address { get { return null; } }
    }
}

namespace System.Net
{
    using System.IO;
    using System.Net.Security;
    using System.Security.Cryptography.X509Certificates;

    // System.Net.Http: Http/System.Net.HttpStatusCode.cs (subset)
    public enum HttpStatusCode
    {
        OK = 200,
        PartialContent = 206,
        RequestedRangeNotSatisfiable = 416,
    }

    // System.Net.Http: Http/System.Net.WebStatus.cs
    public enum WebExceptionStatus
    {
        Success = 0,
        NameResolutionFailure = 1,
        ConnectFailure = 2,
        ReceiveFailure = 3,
        SendFailure = 4,
        PipelineFailure = 5,
        RequestCanceled = 6,
        ProtocolError = 7,
        ConnectionClosed = 8,
        TrustFailure = 9,
        SecureChannelFailure = 10,
        ServerProtocolViolation = 11,
        KeepAliveFailure = 12,
        Pending = 13,
        Timeout = 14,
        ProxyNameResolutionFailure = 15,
    }

    // System.Net.Http: Http/System.Net.WebException.cs
    public class WebException : InvalidOperationException
    {
        public WebExceptionStatus Status { get { return WebExceptionStatus.Success; } }

        public WebResponse Response { get { return null; } }
    }

    public abstract class WebResponse : IDisposable
    {
        public virtual void Close() { }

        public virtual Stream GetResponseStream() { return null; }

        public void Dispose() { }
    }

    // System.Net.Http: Http/System.Net.HttpWebResponse.cs
    public class HttpWebResponse : WebResponse
    {
        public HttpStatusCode StatusCode { get { return HttpStatusCode.OK; } }

        public long ContentLength { get { return -1; } }

        public string GetResponseHeader(string headerName) { return null; }
    }

    // System.Net.Http: Http/System.Net.WebRequest.cs
    public abstract class WebRequest
    {
        public static WebRequest Create(string requestUriString) { return null; }

        public virtual WebResponse GetResponse() { return null; }
    }

    // System.Net.Http: Http/System.Net.HttpWebRequest.cs
    public class HttpWebRequest : WebRequest
    {
        public string Method { get; set; }

        public bool KeepAlive { get; set; }

        public int Timeout { get; set; }

        public int ReadWriteTimeout { get; set; }

        public SslProtocols SslProtocols { get; set; }

        public X509Certificate HttpsAuthentCert { get; set; }

        public SslVerification SslVerification { get; set; }

        public void AddRange(int from, int to) { }

        public void AddRange(int range) { }
    }
}

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic = 0,
        Manual = 1,
    }
}

namespace nanoFramework.Networking
{
    using System.Device.Wifi;
    using System.Threading;

    public enum NetworkHelperStatus
    {
        None = 0,
    }

    // System.Device.Wifi: NetworkHelper/WifiNetworkHelper.cs
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status { get { return NetworkHelperStatus.None; } }

        public static Exception HelperException { get { return null; } }

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default(CancellationToken)) { return false; }

        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default(CancellationToken)) { return false; }
    }
}

namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public static class Power
    {
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { }
    }

    public static class SystemInfo
    {
        public static string TargetName { get { return null; } }

        public static Version Version { get { return null; } }
    }
}

namespace nanoFramework.Hardware.Esp32
{
    public static class NativeMemory
    {
        public enum MemoryType
        {
            All,
            Internal,
            SpiRam,
        }

        public static void GetMemoryInfo(MemoryType memType, out uint totalSize, out uint totalFreeSize, out uint largestFreeBlock)
        {
            totalSize = 0;
            totalFreeSize = 0;
            largestFreeBlock = 0;
        }
    }
}

namespace nanoFramework.Hardware.Esp32
{
    // nanoFramework.Hardware.Esp32: Configuration.cs and DeviceTypePins.cs (the members the device code uses)
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { }
    }

    public enum DeviceFunction
    {
        COM2_TX = 0x30000 + 0x200 + 0,
        COM2_RX = 0x30000 + 0x200 + 1,
        COM3_TX = 0x30000 + 0x300 + 0,
        COM3_RX = 0x30000 + 0x300 + 1,
    }
}

namespace System.IO.Ports
{
    // nanoFramework.System.IO.Ports 1.1.130 (built for CoreLibrary 1.17): SerialPort.cs, Parity.cs, StopBits.cs, Handshake.cs (the members the device code uses)
    public enum Parity
    {
        None = 0,
    }

    public enum StopBits
    {
        One = 1,
    }

    public enum Handshake
    {
        None = 0,
    }

    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { }

        public Handshake Handshake { get; set; }

        public int ReadTimeout { get; set; }

        public string PortName { get { return null; } }

        public int BytesToRead { get { return 0; } }

        public void Open() { }

        public void Close() { }

        public int Read(byte[] buffer, int offset, int count) { return 0; }

        public void Write(byte[] buffer, int offset, int count) { }

        public void Dispose() { }
    }
}

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    public enum MqttReasonCode : byte
    {
        Success = 0x00,
    }

    // nanoFramework.M2Mqtt.Core: Messages/MqttMsgPublishedEventArgs.cs
    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public ushort MessageId { get; set; }

        public bool IsPublished { get; set; }
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public string Topic { get { return null; } }

        public byte[] Message { get { return null; } }

        public bool Retain { get { return false; } }
    }
}

namespace nanoFramework.M2Mqtt
{
    using System.Collections;
    using System.Security.Cryptography.X509Certificates;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3,
    }

    public interface IMqttClient
    {
    }

    // nanoFramework.M2Mqtt 5.1.220: M2Mqtt/MqttSettings.cs (singleton, client.Settings). ValidateServerCertificate
    // defaults to true; MqttNetworkChannel.Connect sets SslVerification.NoVerification on its SslStream only when false,
    // so by default the stream keeps SslStream's CertificateRequired.
    public class MqttSettings
    {
        public bool ValidateServerCertificate { get; set; }
    }

    public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

    public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

    public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

    // nanoFramework.M2Mqtt: M2Mqtt/MqttClient.cs (the members the device code uses)
    public class MqttClient : IMqttClient, IDisposable
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) { }

        public MqttSettings Settings { get { return null; } }

        public event MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event ConnectionClosedEventHandler ConnectionClosed;

        public event MqttMsgPublishedEventHandler MqttMsgPublished;

        public bool IsConnected { get { return false; } }

        public MqttReasonCode Connect(string clientId, string username, string password, bool cleanSession, ushort keepAlivePeriod) { return MqttReasonCode.Success; }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) { return 0; }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) { return 0; }

        public void Dispose() { }
    }
}
