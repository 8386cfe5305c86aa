package io.lightningasr.asr.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes minimal ONNX files for loading-error tests: a graph of one Identity node with the given inputs, encoded
 * field by field in protobuf wire format (onnx.proto3 field numbers).
 */
final class OnnxProtoWriter {

    static final int FLOAT = 1;
    static final int INT64 = 7;

    /** A graph input or output; a dimension of -1 is written as the symbolic dimension "N". */
    record Tensor(String name, int elementType, long... dims) {
    }

    private OnnxProtoWriter() {
    }

    /** Returns an ONNX model whose output {@code output} is {@code Identity(identityInput)}. */
    static byte[] identityModel(Tensor[] inputs, String identityInput, Tensor output) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        string(node, 1, identityInput);
        string(node, 2, output.name());
        string(node, 4, "Identity");
        message(graph, 1, node);
        string(graph, 2, "test-graph");
        for (Tensor input : inputs) {
            message(graph, 11, valueInfo(input));
        }
        message(graph, 12, valueInfo(output));

        ByteArrayOutputStream model = new ByteArrayOutputStream();
        varintField(model, 1, 8);
        ByteArrayOutputStream opset = new ByteArrayOutputStream();
        varintField(opset, 2, 17);
        message(model, 8, opset);
        message(model, 7, graph);
        return model.toByteArray();
    }

    private static ByteArrayOutputStream valueInfo(Tensor tensor) {
        ByteArrayOutputStream shape = new ByteArrayOutputStream();
        for (long dim : tensor.dims()) {
            ByteArrayOutputStream dimension = new ByteArrayOutputStream();
            if (dim < 0) {
                string(dimension, 2, "N");
            } else {
                varintField(dimension, 1, dim);
            }
            message(shape, 1, dimension);
        }
        ByteArrayOutputStream tensorType = new ByteArrayOutputStream();
        varintField(tensorType, 1, tensor.elementType());
        message(tensorType, 2, shape);
        ByteArrayOutputStream type = new ByteArrayOutputStream();
        message(type, 1, tensorType);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        string(info, 1, tensor.name());
        message(info, 2, type);
        return info;
    }

    private static void string(ByteArrayOutputStream out, int field, String value) {
        bytes(out, field, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void message(ByteArrayOutputStream out, int field, ByteArrayOutputStream value) {
        bytes(out, field, value.toByteArray());
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, (long) field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
