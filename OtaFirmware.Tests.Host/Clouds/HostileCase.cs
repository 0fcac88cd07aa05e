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

    /// <summary>
    /// What a pull reader must survive, around a <paramref name="seed"/> object that parses to an update with
    /// <paramref name="correlation"/>: each case adds one member (or text) to the seed. Valid JSON still gives the
    /// update; everything else is Rejected as invalid JSON with the reader's specific reason and no correlation id.
    /// </summary>
    public static IEnumerable<HostileCase> ReaderCases(string topic, string seed, string correlation)
    {
        string With(string member) => seed[..^1] + "," + member + "}";
        byte[] WithBytes(string head, byte[] middle, string tail)
            => Encoding.UTF8.GetBytes(seed[..^1] + "," + head).Concat(middle).Concat(Encoding.UTF8.GetBytes(tail + "}")).ToArray();
        HostileCase Good(string name, string json) => Json("reader: " + name, topic, json, CommandKind.Update, null, correlation);
        HostileCase Bad(string name, string json, string reason) => Json("reader: " + name, topic, json, CommandKind.Rejected, "invalid JSON: " + reason, null);
        HostileCase BadBytes(string name, byte[] payload, string reason) => new("reader: " + name, topic, payload, CommandKind.Rejected, reason, null);

        return new[]
        {
            Good("nesting 16 deep", With("\"x\":" + new string('[', 15) + new string(']', 15))),
            Bad("nesting 17 deep", With("\"x\":" + new string('[', 16) + new string(']', 16)), "nesting deeper than 16"),
            Bad("nesting 17 deep in objects", With(string.Concat(Enumerable.Repeat("\"a\":{", 1)) + string.Concat(Enumerable.Repeat("\"b\":{", 15)) + new string('}', 16)), "nesting deeper than 16"),
            Good("huge number in another key", With("\"x\":1" + new string('9', 400) + ".5e999999")),
            Good("huge negative exponent", With("\"x\":-0.0e-99999999999")),
            Good("escaped surrogate pair", With("\"x\":\"\\ud83d\\ude00\"")),
            Good("raw 4-byte character", With("\"x\":\"\U0001F600\"")),
            Good("same key in two objects", With("\"x\":{\"a\":1},\"y\":{\"a\":[{\"a\":2}]}")),
            Good("empty key and null", With("\"\":null")),
            Good("whitespace around the value and the members", " \r\n\t{ \n\t" + seed[1..^1] + " ,\r\n \"x\" :\t[ 1 , { } ] \n} \r\n"),
            Bad("lone high surrogate escape", With("\"x\":\"\\ud800\""), "lone high surrogate"),
            Bad("lone low surrogate escape", With("\"x\":\"\\udc00\""), "lone low surrogate"),
            Bad("high surrogate then a letter", With("\"x\":\"\\ud800\\u0041\""), "lone high surrogate"),
            Bad("escaped NUL", With("\"x\":\"a\\u0000b\""), "\\u0000 in a string"),
            BadBytes("raw NUL in a string", WithBytes("\"x\":\"a", new byte[] { 0x00 }, "b\""), "not valid UTF-8"),
            BadBytes("encoded surrogate (CESU-8)", WithBytes("\"x\":\"", new byte[] { 0xED, 0xA0, 0x80 }, "\""), "not valid UTF-8"),
            BadBytes("overlong NUL", WithBytes("\"x\":\"", new byte[] { 0xC0, 0x80 }, "\""), "not valid UTF-8"),
            BadBytes("truncated sequence", WithBytes("\"x\":\"", new byte[] { 0xE4, 0xBA }, "\""), "not valid UTF-8"),
            BadBytes("above U+10FFFF", WithBytes("\"x\":\"", new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\""), "not valid UTF-8"),
            BadBytes("raw control character", WithBytes("\"x\":\"", new byte[] { 0x01 }, "\""), "invalid JSON: control character in a string"),
            Bad("duplicate key in a nested object", With("\"x\":{\"a\":1,\"a\":2}"), "duplicate key 'a'"),
            Bad("duplicate unknown key", With("\"x\":1,\"x\":1"), "duplicate key 'x'"),
            Bad("trailing garbage", seed + "x", "text after the end of the value"),
            Bad("two objects", seed + seed, "text after the end of the value"),
            Bad("extra closing brace", seed + "}", "text after the end of the value"),
            Bad("trailing number", seed + " 0", "text after the end of the value"),
            Bad("leading zero", With("\"x\":0175436"), "number with a leading zero"),
            Bad("minus alone", With("\"x\":-"), "invalid number"),
            Bad("fraction without digits", With("\"x\":1."), "invalid number"),
            Bad("exponent without digits", With("\"x\":1e"), "invalid number"),
            Bad("plus sign", With("\"x\":+1"), "expected a value"),
            Bad("hex number", With("\"x\":0x10"), "invalid number"),
            Bad("NaN", With("\"x\":NaN"), "expected a value"),
            Bad("Infinity", With("\"x\":Infinity"), "expected a value"),
            Bad("truncated literal", With("\"x\":tru"), "invalid literal"),
            Bad("literal with a tail", With("\"x\":nullx"), "invalid literal"),
            Bad("single-quoted key", With("'x':1"), "expected a key"),
            Bad("unquoted key", With("x:1"), "expected a key"),
            Bad("invalid escape", With("\"x\":\"\\q\""), "invalid escape"),
            Bad("short \\u escape", With("\"x\":\"\\u12\""), "invalid \\u escape"),
            Bad("unterminated string", seed[..^1] + ",\"x\":\"abc", "unterminated string"),
            Bad("missing colon", With("\"x\" 1"), "expected ':'"),
            Bad("missing comma", seed[..^1] + " \"x\":1}", "expected ',' or '}'"),
            Bad("trailing comma in an array", With("\"x\":[1,]"), "trailing comma"),
            Bad("unclosed array", seed[..^1] + ",\"x\":[1", "unexpected end of the text"),
        };
    }
}
