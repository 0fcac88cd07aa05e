// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>An update the cloud announces to one device.</summary>
/// <param name="Version">Target version.</param>
/// <param name="Url">Download URL (freshly signed for every message when signing is on).</param>
/// <param name="Size">Image size in bytes.</param>
/// <param name="Md5">MD5 of the image, 32 lower-case hex digits.</param>
/// <param name="JobId">The cloud's id of the job (Aliyun id, JD msgId; Tencent ignores it).</param>
public sealed record UpdateOffer(string Version, string Url, int Size, string Md5, long JobId);
