// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Gateway.Staging;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway
{
    /// <summary>One staging record of the gateway (two erase blocks at the start of the staging area) and the staged
    /// image it belongs to now, with that image's state in the staging table.</summary>
    internal sealed class StagingEntry
    {
        internal StagingEntry(int index, UpdateRecord record)
        {
            Index = index;
            Record = record;
        }

        internal int Index { get; private set; }

        internal UpdateRecord Record { get; private set; }

        /// <summary>The staged image, or null (<see cref="StagingState.Free"/>).</summary>
        internal StagedImage Image { get; set; }

        internal StagingState State { get; set; }

        /// <summary>When the backoff or the wait for a fresh URL ends.</summary>
        internal long TimerDue { get; set; }

        /// <summary>Fresh URLs asked for since the last one arrived.</summary>
        internal int UrlRequests { get; set; }
    }
}
