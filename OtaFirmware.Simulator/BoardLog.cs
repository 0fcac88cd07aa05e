// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;

namespace OtaFirmware.Simulator;

/// <summary>Writes a board's log lines with its name and a timestamp, to the console and to listeners.</summary>
public sealed class BoardLog : ILog
{
    private readonly string _name;
    private readonly bool _console;

    /// <summary>Creates the log.</summary>
    public BoardLog(string name, bool console)
    {
        _name = name;
        _console = console;
    }

    /// <summary>Raised for every line (board name, line).</summary>
    public event Action<string, string>? Line;

    /// <inheritdoc />
    public void Write(string line)
    {
        if (_console)
        {
            Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} [{_name}] {line}");
        }

        Line?.Invoke(_name, line);
    }
}
