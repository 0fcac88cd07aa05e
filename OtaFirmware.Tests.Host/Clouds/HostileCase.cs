// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;

namespace OtaFirmware.Tests.Host.Clouds;

/// <summary>One row of a dialect's hostile-input table: what arrives and what the dialect must make of it.</summary>
public sealed record HostileCase(string Name, string? Topic, byte[]? Payload, CommandKind Kind, string? ReasonPart, string? CorrelationId)
{
    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>A case whose payload is UTF-8 text.</summary>
    public static HostileCase Json(string name, string? topic, string json, CommandKind kind, string? reasonPart, string? correlationId = null)
        => new(name, topic, Encoding.UTF8.GetBytes(json), kind, reasonPart, correlationId);

    /// <summary>A JSON object from members in order; a null raw value leaves the member out.</summary>
    public static string Obj(params (string Key, string? Raw)[] members)
    {
        var sb = new StringBuilder("{");
        foreach (var (key, raw) in members)
        {
            if (raw is null)
            {
                continue;
            }

            if (sb.Length > 1)
            {
                sb.Append(',');
            }

            sb.Append('"').Append(key).Append("\":").Append(raw);
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Base members with overrides applied in place (null removes, unknown keys are appended).</summary>
    public static (string, string?)[] Merge((string Key, string? Raw)[] baseMembers, (string Key, string? Raw)[] overrides)
    {
        var list = new List<(string, string?)>(baseMembers);
        foreach (var (key, raw) in overrides)
        {
            int index = list.FindIndex(m => m.Item1 == key);
            if (index >= 0)
            {
                list[index] = (key, raw);
            }
            else
            {
                list.Add((key, raw));
            }
        }

        return list.ToArray();
    }

    /// <summary>A JSON string literal (no escaping: test values are plain).</summary>
    public static string S(string value) => "\"" + value + "\"";

    /// <summary>Arrays nested <paramref name="depth"/> deep inside an object member.</summary>
    public static string Nested(int depth) => "{\"type\":\"update_firmware\",\"x\":" + new string('[', depth) + new string(']', depth) + "}";
}
