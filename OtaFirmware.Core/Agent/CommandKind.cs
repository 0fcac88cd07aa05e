// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>What an incoming cloud message asks for, after a dialect translated it.</summary>
    public enum CommandKind
    {
        /// <summary>Not for the agent (another device, an unknown type); logged and dropped.</summary>
        Ignore = 0,

        /// <summary>Start (or continue) the update in <see cref="CloudCommand.Job"/>.</summary>
        Update = 1,

        /// <summary>The cloud acknowledged a version report (Tencent report_version_rsp).</summary>
        VersionAcknowledged = 2,

        /// <summary>The cloud answered a firmware request: nothing newer is pending (JD 404, Aliyun/Tencent empty).</summary>
        NoUpdatePending = 3,

        /// <summary>The message claimed to be a command but was malformed; <see cref="CloudCommand.Error"/> says why.</summary>
        Rejected = 4,

        /// <summary>The cloud refused a version report or request (non-zero result code).</summary>
        CloudError = 5,
    }
}
