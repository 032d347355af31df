import module from 'node:module';

// Node 22.8+: the code it compiles is cached on disk (in the OS temp dir; NODE_DISABLE_COMPILE_CACHE=1
// turns it off), so a later start skips compiling the bundle's chunks. Earlier Node has no such thing.
(module as {enableCompileCache?: () => unknown}).enableCompileCache?.();
