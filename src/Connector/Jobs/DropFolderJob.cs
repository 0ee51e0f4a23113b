namespace Connector.Jobs;

/// <summary>Polls the CSV drop folder (placeholder until the drop-folder importer lands).</summary>
public sealed class DropFolderJob
{
    public Task PollAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
