// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>The broker's verdict on a CONNECT: the identity, or why it is refused.</summary>
/// <param name="Identity">Who signed in, or null when refused.</param>
/// <param name="Reason">Why it was refused ("anonymous", "unknown device", "expired", "bad signature", ...), or null.</param>
public sealed record SignInResult(BrokerIdentity? Identity, string? Reason)
{
    /// <summary>A refusal.</summary>
    /// <returns>The result.</returns>
    public static SignInResult Refused(string reason) => new(null, reason);
}
