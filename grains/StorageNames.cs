namespace Asphalt.Grains;

/// <summary>The grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>The default provider: SQLite in the embedded profile, ADO.NET otherwise.</summary>
    public const string Default = "Default";
}
