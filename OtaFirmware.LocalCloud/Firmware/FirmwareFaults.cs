// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>
/// Misbehaviour of the firmware server for one file, for tests and the demo. Several can be combined; a forced status
/// wins over everything else. Change them at any time (<see cref="FirmwarePackage.Faults"/>); requests read them when
/// they start.
/// </summary>
public sealed class FirmwareFaults
{
    /// <summary>Answer every request with this status and no body (403 or 404 for the "URL expired"/"file gone" cases); 0 = off.</summary>
    public int ForcedStatus { get; set; }

    /// <summary>Ignore Range and always answer 200 with the whole file (the esp-idf#17960 server).</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Answer a Range request with 206, the right body, and a Content-Range whose first and last byte are one too high.</summary>
    public bool WrongContentRange { get; set; }

    /// <summary>Abort the connection after this many body bytes of a response; -1 = off.</summary>
    public long DropAfterBytes { get; set; } = -1;

    /// <summary>How many responses <see cref="DropAfterBytes"/> applies to (then it switches off); 0 = every response.</summary>
    public int DropCount { get; set; }

    /// <summary>Throttle the body to about this many bytes per second; 0 = full speed.</summary>
    public int BytesPerSecond { get; set; }

    /// <summary>Delay before the response headers are sent, for header-timeout tests; zero = none.</summary>
    public TimeSpan HeaderDelay { get; set; }

    /// <summary>Switches every fault off.</summary>
    public void Clear()
    {
        ForcedStatus = 0;
        IgnoreRange = false;
        WrongContentRange = false;
        DropAfterBytes = -1;
        DropCount = 0;
        BytesPerSecond = 0;
        HeaderDelay = TimeSpan.Zero;
    }
}
