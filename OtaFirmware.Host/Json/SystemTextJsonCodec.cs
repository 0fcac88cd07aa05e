// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OtaFirmware.Agent;

namespace OtaFirmware.Host.Json;

/// <summary>
/// <see cref="IJsonCodec"/> on System.Text.Json with the contract the dialects rely on: exact (case-sensitive)
/// property names, unknown keys skipped, a JSON number accepted into a string property as its literal text, duplicate
/// keys, comments, trailing commas and nesting deeper than 16 refused, nulls omitted when serializing. Never throws.
/// </summary>
public sealed class SystemTextJsonCodec : IJsonCodec
{
    /// <summary>Deepest nesting accepted; the cloud messages are at most three levels deep.</summary>
    public const int MaxDepth = 16;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <inheritdoc />
    public bool TryDeserialize(string json, Type type, out object value, out string error)
    {
        value = null!;
        if (json is null || type is null)
        {
            error = "no JSON text or type";
            return false;
        }

        try
        {
            object? parsed = JsonSerializer.Deserialize(json, type, Options);
            if (parsed is null)
            {
                error = "JSON is null, not an object";
                return false;
            }

            value = parsed;
            error = null!;
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            error = ex.GetType().Name + ": " + ex.Message;
            return false;
        }
    }

    /// <inheritdoc />
    public string Serialize(object value)
    {
        return value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), Options);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
            MaxDepth = MaxDepth,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new StringOrNumberConverter());
        return options;
    }

    /// <summary>Reads a JSON string as itself and a JSON number as its literal text; anything else fails.</summary>
    private sealed class StringOrNumberConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    return reader.HasValueSequence
                        ? Encoding.UTF8.GetString(BuffersExtensions.ToArray(reader.ValueSequence))
                        : Encoding.UTF8.GetString(reader.ValueSpan);
                default:
                    throw new JsonException("expected a string or a number, found " + reader.TokenType.ToString());
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            writer.WriteStringValue(value);
        }
    }
}
