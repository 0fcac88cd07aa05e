// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// One firmware update as the cloud ordered it, already validated by the cloud dialect. Its identity for resuming
    /// is (<see cref="Version"/>, <see cref="Md5"/>, <see cref="Sha256"/>, <see cref="Size"/>), never the URL: a
    /// re-signed or refreshed URL of the same image continues the same download.
    /// </summary>
    public sealed class UpdateJob
    {
        /// <summary>Creates a job. <paramref name="md5"/> (16 bytes) and/or <paramref name="sha256"/> (32 bytes) must be given.</summary>
        public UpdateJob(string version, int size, byte[] md5, byte[] sha256, string url, string correlationId)
        {
            Version = version;
            Size = size;
            Md5 = md5;
            Sha256 = sha256;
            Url = url;
            CorrelationId = correlationId;
        }

        /// <summary>Firmware version the image must carry in its app descriptor.</summary>
        public string Version { get; private set; }

        /// <summary>Exact image size in bytes.</summary>
        public int Size { get; private set; }

        /// <summary>Expected MD5 of the whole image (16 bytes), or null when the cloud sent none.</summary>
        public byte[] Md5 { get; private set; }

        /// <summary>Expected SHA-256 of the whole image (32 bytes), or null when the cloud sent none.</summary>
        public byte[] Sha256 { get; private set; }

        /// <summary>Where to download from (may be replaced by a refreshed URL for the same image).</summary>
        public string Url { get; set; }

        /// <summary>The cloud's handle for this job (Aliyun id, JD msgId, Tencent task), echoed in reports; may be null.
        /// A re-issued job for the same image may carry a new one.</summary>
        public string CorrelationId { get; set; }

        /// <summary>True when <paramref name="other"/> describes the same image (version, digests, size); the URL is ignored.</summary>
        public bool IsSameImage(UpdateJob other)
        {
            if (other == null)
            {
                return false;
            }

            return Version == other.Version
                && Size == other.Size
                && BytesEqual(Md5, other.Md5)
                && BytesEqual(Sha256, other.Sha256);
        }

        private static bool BytesEqual(byte[] a, byte[] b)
        {
            if (a == null || b == null)
            {
                return a == null && b == null;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
