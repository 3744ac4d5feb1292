namespace Asphalt.Emulators.Discord;

/// <summary>
/// Makes Discord snowflakes: milliseconds since 2015 in the top 42 bits, then worker, process and an
/// increment (docs/reference.md, "Snowflakes"). Thread-safe; ids are unique and increasing per generator.
/// </summary>
public sealed class SnowflakeGenerator(int workerId = 1, int processId = 0)
{
    private const int TimestampShift = 22;
    private const int WorkerShift = 17;
    private const int ProcessShift = 12;
    private const long IncrementMask = 0xFFF;

    private readonly Lock _gate = new();
    private long _lastTimestamp;
    private long _increment;

    public ulong Next() => Next(DateTimeOffset.UtcNow);

    public ulong Next(DateTimeOffset at)
    {
        lock (_gate)
        {
            var timestamp = Math.Max(at.ToUnixTimeMilliseconds() - DiscordLimits.DiscordEpochMilliseconds, _lastTimestamp);
            if (timestamp == _lastTimestamp)
            {
                _increment = (_increment + 1) & IncrementMask;
                if (_increment == 0)
                {
                    timestamp++;
                }
            }
            else
            {
                _increment = 0;
            }

            _lastTimestamp = timestamp;
            return Compose(timestamp, workerId, processId, _increment);
        }
    }

    public static ulong Compose(long millisecondsSinceDiscordEpoch, int worker, int process, long increment) =>
        ((ulong)millisecondsSinceDiscordEpoch << TimestampShift)
        | ((ulong)(worker & 0x1F) << WorkerShift)
        | ((ulong)(process & 0x1F) << ProcessShift)
        | ((ulong)increment & IncrementMask);

    public static DateTimeOffset TimestampOf(ulong snowflake) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(snowflake >> TimestampShift) + DiscordLimits.DiscordEpochMilliseconds);

    /// <summary>The shard that receives a guild's events (docs/topics/Gateway.md, "Sharding Formula").</summary>
    public static int ShardOf(ulong guildId, int shardCount) => (int)((guildId >> TimestampShift) % (ulong)shardCount);
}
