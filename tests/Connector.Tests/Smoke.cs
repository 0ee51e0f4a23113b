namespace Connector.Tests; public class Smoke { [Fact] public void True_IsTrue() => Assert.True(true); }
