namespace Connector; internal static class Placeholder { }
