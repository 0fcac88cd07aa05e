// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Configuration;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Configuration
{
    [TestClass]
    public class StartupPolicyTests
    {
        private static readonly ImageState[] RollBackStates = { ImageState.PendingVerify, ImageState.New };

        private static readonly ImageState[] IdleStates =
        {
            ImageState.Valid, ImageState.Undefined, ImageState.Invalid, ImageState.Aborted,
        };

        [TestMethod]
        public void WithoutConfiguration_UnconfirmedImage_RollsBack()
        {
            for (int i = 0; i < RollBackStates.Length; i++)
            {
                Assert.AreEqual((int)MissingConfigurationAction.RollBack, (int)StartupPolicy.WithoutConfiguration(RollBackStates[i]));
            }
        }

        [TestMethod]
        public void WithoutConfiguration_ConfirmedOrUntrackedImage_Idles()
        {
            for (int i = 0; i < IdleStates.Length; i++)
            {
                Assert.AreEqual((int)MissingConfigurationAction.Idle, (int)StartupPolicy.WithoutConfiguration(IdleStates[i]));
            }
        }
    }
}
