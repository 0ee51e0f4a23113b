namespace Connector.IntegrationTests; public class Smoke { [Fact] public void True_IsTrue() => Assert.True(true); }
