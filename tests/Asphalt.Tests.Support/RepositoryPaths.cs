namespace Asphalt.Tests.Support;

public static class RepositoryPaths
{
    /// <summary>The folder that holds Asphalt.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever the tests themselves were built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Reverse().Skip(2).FirstOrDefault() ?? "Debug";

    /// <summary>The build output folder of a product project (e.g. "silo", "gateway").</summary>
    public static string Output(string projectFolder) => Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Asphalt.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Asphalt.sln not found above {AppContext.BaseDirectory}");
    }
}
