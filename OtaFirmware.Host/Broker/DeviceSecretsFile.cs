// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text.Json;
using OtaFirmware.Configuration;
using OtaFirmware.Host.Tls;

namespace OtaFirmware.Host.Broker;

/// <summary>
/// The device secrets the local cloud provisions, as one JSON file <c>{"devices":[ ... ]}</c> whose entries are device
/// configuration fragments in the device's own <c>config.json</c> keys (<c>cloud</c>, <c>productId</c> or
/// <c>productKey</c>, <c>deviceName</c>, <c>key_deviceinfo.deviceSecret</c>, or <c>mqtt_client_id</c>,
/// <c>mqtt_username</c>, <c>mqtt_password</c> for JD Cloud). The cloud writes it 0600 in a 0700 directory; a simulated
/// board reads its own entry and signs in with <see cref="OtaFirmware.Clouds.MqttCredentials"/> exactly as a device
/// whose configuration holds the same keys.
/// </summary>
public static class DeviceSecretsFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Reads every entry of the file.</summary>
    /// <returns>The entries; empty when the file does not exist.</returns>
    /// <exception cref="JsonException">The file is not a secrets file.</exception>
    public static IReadOnlyList<DeviceConfiguration> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return [];
        }

        Document? document = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json);
        return document?.devices ?? [];
    }

    /// <summary>Writes <paramref name="devices"/> (replacing the file) 0600 in a 0700 directory.</summary>
    public static void Save(string path, IEnumerable<DeviceConfiguration> devices)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(devices);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        PrivateFiles.WriteAllText(path, JsonSerializer.Serialize(new Document { devices = devices.ToArray() }, Json));
    }

    /// <summary>The entry of one device.</summary>
    /// <param name="path">The secrets file.</param>
    /// <param name="cloud">"tencent", "aliyun" or "jdcloud".</param>
    /// <param name="product">Product id (Tencent) or product key.</param>
    /// <param name="deviceName">Device name (JD: identifier).</param>
    /// <returns>The entry, or null when the file has none for that device.</returns>
    public static DeviceConfiguration? Find(string path, string cloud, string product, string deviceName) =>
        Load(path).FirstOrDefault(d => Matches(d, cloud, product, deviceName));

    /// <summary>Whether <paramref name="entry"/> is the entry of the named device.</summary>
    /// <returns>True when cloud, product and name match.</returns>
    public static bool Matches(DeviceConfiguration entry, string cloud, string product, string deviceName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string entryCloud = entry.cloud ?? "tencent";
        string? entryProduct = entryCloud == "tencent" ? entry.productId : entry.productKey;
        return entryCloud == cloud && entryProduct == product && entry.deviceName == deviceName;
    }

    private sealed class Document
    {
        public DeviceConfiguration[] devices { get; set; } = [];
    }
}
