# pyrite_add_plugin: builds a pyrite target plugin.
#
#   pyrite_add_plugin(<name> SOURCES <src>...
#                     [LINK_LIBRARIES <lib>...]
#                     [OUTPUT_DIRECTORY <dir>]
#                     [INSTALL_DESTINATION <dir>])
#
# Makes the MODULE library target `pyrite-target-<name>`, whose file is
# `libpyrite-target-<name>.so` (the name pyrite's discovery looks for), built
# with hidden visibility and a version script so that `pyrite_plugin_entry` is
# its only exported symbol. It links `pyrite::plugin_sdk` and LINK_LIBRARIES.
#
# The ABI's LLVM handles are those of the host's libLLVM, so LLVM must be
# found first (find_package(LLVM REQUIRED CONFIG)) and be of major
# PYRITE_LLVM_MAJOR; a plugin that calls LLVM links the shared library
# (LINK_LIBRARIES pyrite::llvm), never static LLVM components, which would be a second
# LLVM in the process.
#
# Used by the installed SDK (pyriteConfig.cmake) and by pyrite's own build.

# A global property, not a variable: find_package may run in a function scope.
set_property(GLOBAL PROPERTY PYRITE_PLUGIN_MAP "${CMAKE_CURRENT_LIST_DIR}/pyrite_plugin.map")

function(pyrite_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
                        "OUTPUT_DIRECTORY;INSTALL_DESTINATION" "SOURCES;LINK_LIBRARIES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "pyrite_add_plugin(${name}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[A-Za-z0-9_]+$")
    message(FATAL_ERROR "pyrite_add_plugin: '${name}' is not a valid target name "
                        "(letters, digits and '_')")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "pyrite_add_plugin(${name}): no SOURCES")
  endif()
  if(NOT TARGET pyrite::plugin_sdk)
    message(FATAL_ERROR "pyrite_add_plugin(${name}): no pyrite::plugin_sdk; "
                        "call find_package(pyrite CONFIG REQUIRED) first")
  endif()
  get_target_property(llvm_major pyrite::plugin_sdk INTERFACE_PYRITE_LLVM_MAJOR)
  get_property(map GLOBAL PROPERTY PYRITE_PLUGIN_MAP)
  if(NOT DEFINED LLVM_VERSION_MAJOR)
    message(FATAL_ERROR "pyrite_add_plugin(${name}): call find_package(LLVM REQUIRED CONFIG) "
                        "first; pyrite's plugin ABI names LLVM ${llvm_major}")
  endif()
  if(NOT LLVM_VERSION_MAJOR EQUAL llvm_major)
    message(FATAL_ERROR "pyrite_add_plugin(${name}): found LLVM ${LLVM_PACKAGE_VERSION} "
                        "(${LLVM_DIR}), but pyrite's plugin ABI names LLVM ${llvm_major}; "
                        "point LLVM_DIR at LLVM ${llvm_major}")
  endif()

  set(target pyrite-target-${name})
  add_library(${target} MODULE ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE pyrite::plugin_sdk ${arg_LINK_LIBRARIES})
  target_include_directories(${target} SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS})
  separate_arguments(llvm_definitions UNIX_COMMAND "${LLVM_DEFINITIONS}") # one string
  target_compile_definitions(${target} PRIVATE ${llvm_definitions})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME "pyrite-target-${name}"
    SUFFIX ".so"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON
    BUILD_RPATH "${LLVM_LIBRARY_DIR}"
    INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
  if(APPLE)
    target_link_options(${target} PRIVATE "LINKER:-exported_symbol,_pyrite_plugin_entry")
  else()
    # Only the entry point is exported; undefined symbols are link errors
    # here rather than dlopen failures on a user's machine.
    target_link_options(${target} PRIVATE "LINKER:--version-script=${map}"
                                          "LINKER:--no-undefined")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${map}")
  endif()
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  endif()
  if(arg_INSTALL_DESTINATION)
    install(TARGETS ${target} LIBRARY DESTINATION "${arg_INSTALL_DESTINATION}")
  endif()
endfunction()
