// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>A connection the embedded broker closed because a packet's declared length exceeded the limit.</summary>
/// <param name="RemoteEndPoint">The client's address and port.</param>
/// <param name="DeclaredBytes">The packet's remaining length as declared in its fixed header (-1 for a malformed length).</param>
/// <param name="BytesRead">Every byte read from the connection up to the refusal (earlier packets included): what the
/// broker held, never the oversize packet's body.</param>
public sealed record OversizePacket(string RemoteEndPoint, long DeclaredBytes, long BytesRead);
