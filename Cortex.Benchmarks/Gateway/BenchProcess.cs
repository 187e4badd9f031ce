using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cortex.Benchmarks.Gateway;

/// <summary>
/// A child process of a gateway harness (redis-server, Cortex.Emulator, Cortex.Gateway): its output is
/// kept line by line, its CPU time is read from the OS, and it is killed (with its children) on dispose.
/// </summary>
internal sealed class BenchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private BenchProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>User + system CPU time the process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Minor page faults and system CPU time so far, from <c>/proc/{pid}/stat</c> (fields 10 and 15): a fault per fresh page
    /// touched, zeroed by the kernel, so faults per event say how much of a round's memory was new (zeros on other systems).
    /// </summary>
    public (long MinorFaults, TimeSpan SystemCpu) Kernel
    {
        get
        {
            var path = $"/proc/{_process.Id}/stat";
            if (!File.Exists(path))
            {
                return (0, TimeSpan.Zero);
            }

            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are space-separated.
            var stat = File.ReadAllText(path);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return (long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(ticks / 100.0));
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <param name="redirectInput">Keep its standard input for <see cref="SendLineAsync"/> (a process driven line by line).</param>
    public static BenchProcess Start(
        string name, string fileName, string arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null, bool redirectInput = false)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        try
        {
            return new BenchProcess(Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start."), name);
        }
        catch (Win32Exception missing) when (missing.NativeErrorCode == 2)
        {
            // A fresh machine: say what to run rather than the runtime's "No such file or directory".
            throw new InvalidOperationException($"{fileName} is not installed: ./cortex.sh bench <harness> [args] installs what the harnesses start, then runs one.", missing);
        }
    }

    /// <summary>A .NET service of this repository, from its Release build next to this harness.</summary>
    public static BenchProcess StartService(string project, IDictionary<string, string> environment)
    {
        var dll = Path.Combine(RepositoryRoot(), project, "bin", "Release", "net10.0", project + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build it first: dotnet build -c Release {project}", dll);
        }

        return Start(project, "dotnet", $"\"{dll}\"", environment, Path.GetDirectoryName(dll));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cortex.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the harness from inside the repository.");
    }

    public string Tail(int lines = 40) => string.Join('\n', Lines.TakeLast(lines));

    /// <summary>Writes a line to the process's standard input (started with <c>redirectInput</c>).</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The first line of its output from index <paramref name="from"/> on that <paramref name="matches"/>, once written.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches, int from, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (Lines.Skip(from).FirstOrDefault(matches) is { } line)
            {
                return line;
            }

            if (HasExited || clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not write the line awaited ({(HasExited ? "it exited" : "timed out")}):\n{Tail()}");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
