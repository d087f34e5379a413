// platform_glfw.cpp — the native development client: a GLFW window around the same app.
//
// For working on views without a browser. Input comes from imgui_impl_glfw (so no IME bridge
// here: the browser's text agent is the product's input path). The font is the build's subset.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "app.hpp"
#include "platform/fonts.hpp"
#include "platform/item_hooks.hpp"
#include "model/net.hpp"

using namespace yishi::client;

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "yishi-desktop: GLFW could not initialise (no display?)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(1100, 760, "议事 Yishi", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "yishi-desktop: no OpenGL 3 window\n");
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    ImGui::CreateContext();
    GImGui->TestEngineHookItems = true;
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    ImGui::StyleColorsLight();

    std::ifstream f(YISHI_FONT_PATH, std::ios::binary);
    Fonts& fonts = app_fonts();
    fonts.set_font_file({std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()});
    if (!fonts.has_font_file()) {
        std::fprintf(stderr, "yishi-desktop: font %s missing (build the yishi_font target)\n", YISHI_FONT_PATH);
        return 1;
    }
    fonts.need(yishi::core::catalog_text());

    AppState app;
    while (!glfwWindowShouldClose(window)) {
        glfwWaitEventsTimeout(0.5);  // idle: wake on input or twice a second for the network
        platform_net().poll();
        float xscale = 1, yscale = 1;
        glfwGetWindowContentScale(window, &xscale, &yscale);
        if (fonts.stale()) {
            fonts.rebuild(xscale);
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        app.css_width = static_cast<float>(w) / xscale;
        tick_app(app, glfwGetTime(), platform_net());

        items_begin_frame();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        Commands cmds = draw_app(app, fonts);
        ImGui::Render();
        glViewport(0, 0, w, h);
        glClearColor(0.985f, 0.98f, 0.97f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
        apply_commands(app, cmds, platform_net());
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
