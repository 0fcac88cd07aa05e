// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>Tolerant reading of device JSON (values may come as strings or numbers) and compact writing.</summary>
internal static class Json
{
    public static JsonDocument? TryParse(byte[] payload)
    {
        try
        {
            return JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The member as text: a string's value or a number's literal; null when absent or another kind.</summary>
    public static string? Text(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>The member as an int (string or number), or <paramref name="fallback"/>.</summary>
    public static int Int(JsonElement parent, string name, int fallback) =>
        int.TryParse(Text(parent, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : fallback;

    /// <summary>The member object, or default when absent.</summary>
    public static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Object ? v : default;

    /// <summary>Writes an object with <paramref name="build"/>.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> build)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            build(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Splits <c>prefix/a/b</c> into a and b when <paramref name="topic"/> starts with prefix and has exactly two more segments.</summary>
    public static bool TwoSegmentsAfter(string topic, string prefix, out string first, out string second)
    {
        first = second = string.Empty;
        if (!topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        string[] parts = topic[prefix.Length..].Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        first = parts[0];
        second = parts[1];
        return true;
    }

    public static string Utf8(byte[] payload) => Encoding.UTF8.GetString(payload);
}
