// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>Passes everything to a real link except the first reset request, which is lost on the way.</summary>
    public sealed class FirstResetLostLink : ISubDeviceLink
    {
        private readonly ISubDeviceLink _inner;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public FirstResetLostLink(ISubDeviceLink inner)
        {
            _inner = inner;
        }

        /// <summary>Reset requests seen.</summary>
        public int Resets { get; private set; }

        /// <summary>Delegated.</summary>
        public int ChunkSize
        {
            get { return _inner.ChunkSize; }
        }

        /// <summary>Delegated.</summary>
        public SubDeviceLinkResult Ping()
        {
            return _inner.Ping();
        }

        /// <summary>Delegated.</summary>
        public SubDeviceLinkResult ReadImages(out SubDeviceImageInfo[] images)
        {
            return _inner.ReadImages(out images);
        }

        /// <summary>Delegated.</summary>
        public SubDeviceLinkResult SendChunk(ISubDeviceImage image, int offset, out int nextOffset)
        {
            return _inner.SendChunk(image, offset, out nextOffset);
        }

        /// <summary>Delegated.</summary>
        public SubDeviceLinkResult MarkForTest(byte[] imageHash)
        {
            return _inner.MarkForTest(imageHash);
        }

        /// <summary>Delegated.</summary>
        public SubDeviceLinkResult ConfirmRunning()
        {
            return _inner.ConfirmRunning();
        }

        /// <summary>The first call is lost (NoResponse, nothing sent); later ones are delegated.</summary>
        public SubDeviceLinkResult Reset()
        {
            Resets++;
            if (Resets == 1)
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.NoResponse, 0, "lost");
            }

            return _inner.Reset();
        }
    }
}
