package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.process.ProcFs;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds a MariaDB server running on a data folder: mariadbd makes the data folder its working
 * directory. A second server pointed at a held folder would wait 30 s on {@code aria_log_control}
 * and then fail; Stackyard asks this first and refuses at once. Processes of other accounts are
 * seen only as root. Stateless and thread-safe.
 */
final class MariaDbProcesses {
    private MariaDbProcesses() {
    }

    /** The PID of a live (non-zombie) mariadbd or mysqld whose working directory is {@code dataDir}. */
    static OptionalLong serverOn(Path dataDir) {
        Optional<Path> real = MariaDbFolders.realPath(dataDir);
        if (real.isEmpty()) {
            return OptionalLong.empty();
        }
        long self = ProcessHandle.current().pid();
        for (ProcFs.Stat s : ProcFs.all()) {
            if (s.pid() <= 1 || s.pid() == self || s.isZombie()) {
                continue;
            }
            boolean inData = ProcFs.cwd(s.pid()).map(real.get()::equals).orElse(false);
            if (inData && ProcFs.exe(s.pid()).map(MariaDbProcesses::isServerBinary).orElse(false)) {
                return OptionalLong.of(s.pid());
            }
        }
        return OptionalLong.empty();
    }

    static boolean isServerBinary(String exe) {
        String name = Path.of(exe.replace(" (deleted)", "")).getFileName().toString();
        return name.equals("mariadbd") || name.equals("mysqld");
    }
}
