using Microsoft.Extensions.Time.Testing;

namespace Asphalt.Gateway.Tests.Support;

public static class TestClock
{
    public static FakeTimeProvider New() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Advances fake time in steps until the task completes (real time only bounds a hang; nothing is asserted on it).</summary>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step)
    {
        await time.RunAsync((Task)task, step);
        return await task;
    }

    public static async Task RunAsync(this FakeTimeProvider time, Task task, TimeSpan step)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException("the task never completed while fake time advanced");
            await Task.Delay(5);
            if (!task.IsCompleted) time.Advance(step);
        }
        await task;
    }

    /// <summary>Gives pending continuations a chance to run, so a task that should be blocked can show that it is.</summary>
    public static Task Settle() => Task.Delay(100);
}
