// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;

namespace OtaFirmware.Tests.Host.Clouds;

/// <summary>Runs one hostile case through a dialect and checks kind, reason and correlation.</summary>
public static class DialectAssert
{
    /// <summary>Parses the case's payload and asserts the exact kind, a specific reason and the correlation id.</summary>
    public static CloudCommand Check(ICloudDialect dialect, HostileCase c)
    {
        CloudCommand command;
        try
        {
            command = dialect.Parse(c.Topic!, c.Payload!, c.Payload?.Length ?? 0);
        }
        catch (Exception ex)
        {
            Assert.Fail(c.Name + ": Parse threw " + ex);
            throw;
        }

        Assert.IsNotNull(command, c.Name);
        Assert.AreEqual(c.Kind, command.Kind, c.Name + ": " + command.Error);
        if (c.ReasonPart is not null)
        {
            Assert.IsNotNull(command.Error, c.Name);
            Assert.IsTrue(command.Error.Contains(c.ReasonPart, StringComparison.Ordinal), c.Name + ": reason '" + command.Error + "' lacks '" + c.ReasonPart + "'");
        }

        if (command.Kind is CommandKind.Rejected or CommandKind.Ignore or CommandKind.CloudError or CommandKind.NoUpdatePending)
        {
            Assert.IsFalse(string.IsNullOrEmpty(command.Error), c.Name + ": no reason");
        }

        if (command.Kind is CommandKind.Update or CommandKind.Rejected)
        {
            Assert.AreEqual(c.CorrelationId, command.CorrelationId, c.Name + ": correlation");
        }

        if (command.Kind == CommandKind.Update)
        {
            Assert.IsNotNull(command.Job, c.Name);
            Assert.IsTrue(command.Job.Md5 is not null || command.Job.Sha256 is not null, c.Name);
        }
        else
        {
            Assert.IsNull(command.Job, c.Name);
        }

        return command;
    }
}
