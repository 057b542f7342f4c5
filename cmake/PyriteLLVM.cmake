# Which LLVM (and TBB) pyrite's libraries link, and where they find them at
# run time. Included by the top-level CMakeLists.txt after find_package(LLVM).
#
# Defines:
#   pyrite-llvm          (alias pyrite::llvm) the library target the core and the in-tree plugins
#                        link for LLVM (one LLVM in the process: the plugin
#                        ABI passes LLVM-C handles across, docs/plugin-abi.md)
#   PYRITE_CORE_RPATH    run-time search path of libraries in pyrite/
#   PYRITE_PLUGIN_RPATH  run-time search path of plugins in pyrite/targets/
#   pyrite_bundle_library(<out> <file> <name>)
#                        ships a system library inside the package as
#                        <name> (its own soname, so that another copy of the
#                        library in the process is never taken for it);
#                        <out> is what to link instead of <file>
#
# Two ways to build:
#   PYRITE_SELF_CONTAINED=OFF (a development build): the system's shared
#     libLLVM.so.22 and libtbb.so.12, found through absolute run paths.
#   PYRITE_SELF_CONTAINED=ON (wheels, pyproject.toml): LLVM's static
#     component libraries linked into one private shared library,
#     pyrite/libpyrite-llvm.so, holding the components the in-tree targets
#     use (PYRITE_LLVM_COMPONENTS), as llvmlite links its own; TBB and zstd
#     copied into pyrite/. The package then runs where neither LLVM nor TBB
#     is installed: its libraries find each other through $ORIGIN.
option(PYRITE_SELF_CONTAINED
       "Link LLVM statically into pyrite/libpyrite-llvm.so and bundle TBB (wheels)" OFF)

# What the core and the in-tree targets use: ORC JIT, the new pass manager
# pipelines, the IR linker, bitcode in and out, and four code generators.
set(PYRITE_LLVM_COMPONENTS
    orcjit passes ipo linker irreader bitreader bitwriter asmparser
    x86 aarch64 powerpc nvptx
    CACHE STRING "LLVM components linked into libpyrite-llvm.so (PYRITE_SELF_CONTAINED)")

if(NOT PYRITE_SELF_CONTAINED)
  add_library(pyrite-llvm INTERFACE)
  target_link_libraries(pyrite-llvm INTERFACE LLVM)
  add_library(pyrite::llvm ALIAS pyrite-llvm) # the SDK's name (pyriteConfig.cmake)
  set(PYRITE_CORE_RPATH "$ORIGIN;${LLVM_LIBRARY_DIR}")
  set(PYRITE_PLUGIN_RPATH "${LLVM_LIBRARY_DIR}")
  function(pyrite_bundle_library out file name)
    set(${out} ${file} PARENT_SCOPE) # (the system's library, linked as it is)
  endfunction()
  return()
endif()

# Copies a system library into the package under a name of pyrite's own,
# which patchelf makes its soname (as auditwheel renames what it grafts):
# libraries linked to the copy need it by that name, so a libtbb.so.12 that
# another package loaded (numba's TBB threading layer, MKL) is never taken
# for pyrite's, nor pyrite's for theirs. Sets <out> to the copy, to link.
find_program(PYRITE_PATCHELF patchelf REQUIRED)
function(pyrite_bundle_library out file name)
  get_filename_component(real ${file} REALPATH)
  set(copy ${PYRITE_PACKAGE_DIR}/${name})
  add_custom_command(
    OUTPUT ${copy}
    COMMAND ${CMAKE_COMMAND} -E copy ${real} ${copy}
    COMMAND ${PYRITE_PATCHELF} --set-soname ${name} ${copy}
    DEPENDS ${real}
    COMMENT "Bundling ${real} as ${name}")
  add_custom_target(pyrite-bundle-${name} ALL DEPENDS ${copy})
  string(MAKE_C_IDENTIFIER ${name} id)
  add_library(pyrite_bundled_${id} SHARED IMPORTED GLOBAL)
  set_target_properties(pyrite_bundled_${id} PROPERTIES IMPORTED_LOCATION ${copy}
                                                      IMPORTED_SONAME ${name})
  add_dependencies(pyrite_bundled_${id} pyrite-bundle-${name})
  install(FILES ${copy} DESTINATION pyrite)
  set(${out} pyrite_bundled_${id} PARENT_SCOPE)
endfunction()

# libzstd is not on every Linux; zlib is (the manylinux policies assume it).
find_package(ZLIB REQUIRED)
find_library(PYRITE_ZSTD_LIBRARY NAMES zstd REQUIRED)
pyrite_bundle_library(pyrite_zstd ${PYRITE_ZSTD_LIBRARY} libpyrite-zstd.so.1)

# The static archives of the components and of everything they need, in
# link order, and the system libraries they call.
find_program(PYRITE_LLVM_CONFIG NAMES llvm-config-${LLVM_VERSION_MAJOR} llvm-config
             HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
execute_process(
  COMMAND ${PYRITE_LLVM_CONFIG} --link-static --libfiles ${PYRITE_LLVM_COMPONENTS}
  OUTPUT_VARIABLE llvm_archives OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
separate_arguments(llvm_archives UNIX_COMMAND "${llvm_archives}")
# Every archive but the support libraries is linked whole, so that plugins
# built out of tree for this package find all of a component, not only what
# the in-tree code happened to call. Support, Demangle and TargetParser are
# linked as needed: Support's Z3 solver would otherwise pull in libz3.
set(llvm_whole)
set(llvm_as_needed)
foreach(archive IN LISTS llvm_archives)
  get_filename_component(name ${archive} NAME_WE)
  if(name MATCHES "^libLLVM(Support|Demangle|TargetParser)$")
    list(APPEND llvm_as_needed ${archive})
  else()
    list(APPEND llvm_whole ${archive})
  endif()
endforeach()

add_library(pyrite-llvm SHARED ${PROJECT_SOURCE_DIR}/core/llvm_bundle.c)
set_target_properties(pyrite-llvm PROPERTIES
  LIBRARY_OUTPUT_DIRECTORY ${PYRITE_PACKAGE_DIR}
  # The ABI major of LLVM is the library's: a plugin built against LLVM 22
  # links libpyrite-llvm.so.22.
  SOVERSION ${LLVM_VERSION_MAJOR}
  INSTALL_RPATH "$ORIGIN"
  BUILD_RPATH "$ORIGIN"
  C_VISIBILITY_PRESET default
  LINKER_LANGUAGE CXX)
target_link_libraries(pyrite-llvm PRIVATE
  -Wl,--whole-archive ${llvm_whole} -Wl,--no-whole-archive
  -Wl,--start-group ${llvm_as_needed} -Wl,--end-group
  ZLIB::ZLIB ${pyrite_zstd} ${CMAKE_DL_LIBS} rt m)
target_link_options(pyrite-llvm PRIVATE -Wl,--no-undefined)
# Consumers get LLVM's headers and definitions, and this library.
target_include_directories(pyrite-llvm INTERFACE ${LLVM_INCLUDE_DIRS})
add_library(pyrite::llvm ALIAS pyrite-llvm) # the SDK's name (pyriteConfig.cmake)
install(TARGETS pyrite-llvm LIBRARY DESTINATION pyrite NAMELINK_SKIP)

set(PYRITE_CORE_RPATH "$ORIGIN")
set(PYRITE_PLUGIN_RPATH "$ORIGIN/..")


message(STATUS "pyrite: self-contained: LLVM ${LLVM_PACKAGE_VERSION} components "
               "${PYRITE_LLVM_COMPONENTS} linked into libpyrite-llvm.so; TBB and zstd bundled")
